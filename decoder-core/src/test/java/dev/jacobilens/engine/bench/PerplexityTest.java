package dev.jacobilens.engine.bench;

import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.ReferenceParityAccess;
import dev.jacobilens.store.TextQuality;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-pass score equals a token-by-token count: each output token's log-probability from its own prefix. */
class PerplexityTest {
    @Test
    void scoreIsTheSumOfEachTokensNegativeLogProbabilityGivenWhatCameBefore() {
        try (LoadedModel m = Models.load(Fixtures.stories260k(), "cpu")) {
            int[] prompt = m.encode("Once upon a time");
            int[] output = {432, 383, 286, 261, 13, 2};
            double expected = 0;
            int[] sequence = prompt;
            for (int token : output) {
                float[] logits = ReferenceParityAccess.lastLogits(m.model(), sequence);
                double max = Double.NEGATIVE_INFINITY;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                for (float l : logits) {
                    sum += Math.exp(l - max);
                }
                expected += -(logits[token] - max - Math.log(sum));
                sequence = Arrays.copyOf(sequence, sequence.length + 1);
                sequence[sequence.length - 1] = token;
            }
            TextQuality.LogLikelihood score = Perplexity.score(m.model(), prompt, output);
            assertEquals(output.length, score.tokens());
            assertEquals(expected, score.negativeLogLikelihood(), 1e-3);
            assertEquals(Math.exp(expected / output.length), score.perplexity(), 1e-3);
            assertEquals(TextQuality.LogLikelihood.NONE, Perplexity.score(m.model(), prompt, new int[0]));
        }
    }
}
