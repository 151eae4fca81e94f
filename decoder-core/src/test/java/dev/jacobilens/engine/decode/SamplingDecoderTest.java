package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded temperature / top-p sampling: exact on hand-made logits, repeatable on stories260K. */
class SamplingDecoderTest {
    private static LoadedModel model;

    @BeforeAll
    static void load() {
        model = Models.load(Fixtures.stories260k(), "cpu");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void temperatureZeroIsGreedyAndTopPKeepsOnlyTheNucleus() {
        float[] logits = {1f, 3f, 2f, (float) Math.log(0.001)};
        Random rng = new Random(1);
        assertEquals(1, new TokenSampler(0, 1).sample(logits, rng));
        // at T = 1 the probabilities are about 0.09, 0.66, 0.24, 0.00004: top-p 0.5 keeps only token 1
        for (int i = 0; i < 200; i++) {
            assertEquals(1, new TokenSampler(1, 0.5).sample(logits, rng));
        }
        // top-p 0.8 keeps tokens 1 and 2 (0.66 + 0.24 >= 0.8), never 0 or 3
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[new TokenSampler(1, 0.8).sample(logits, rng)]++;
        }
        assertEquals(0, counts[0] + counts[3]);
        // renormalised over the nucleus: P(2) = 0.245 / (0.665 + 0.245) = 0.27
        assertEquals(0.27, counts[2] / 4000.0, 0.03);
    }

    @Test
    void frequenciesFollowTheTemperedSoftmax() {
        float[] logits = {0f, (float) Math.log(3)}; // probabilities 1/4 and 3/4 at T = 1
        Random rng = new Random(7);
        int ones = 0;
        for (int i = 0; i < 8000; i++) {
            ones += new TokenSampler(1, 1).sample(logits, rng);
        }
        assertEquals(0.75, ones / 8000.0, 0.02);
        // T = 2 flattens: sqrt(3) / (1 + sqrt(3)) = 0.634
        ones = 0;
        for (int i = 0; i < 8000; i++) {
            ones += new TokenSampler(2, 1).sample(logits, rng);
        }
        assertEquals(0.634, ones / 8000.0, 0.02);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TokenSampler(-1, 1)).getMessage()
                .contains("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TokenSampler(1, 0)).getMessage()
                .contains("top-p"));
    }

    @Test
    void sameSeedSameTextOtherSeedOtherTextZeroTemperatureGreedy() {
        int[] prompt = model.encode("Once upon a time");
        TokenSampler warm = new TokenSampler(1.0, 0.9);
        int[] a = SamplingDecoder.decode(model.model(), prompt, 40, warm, 3, DecodeListener.NONE, new Cancellation())
                .outputIds();
        int[] b = SamplingDecoder.decode(model.model(), prompt, 40, warm, 3, DecodeListener.NONE, new Cancellation())
                .outputIds();
        int[] c = SamplingDecoder.decode(model.model(), prompt, 40, warm, 4, DecodeListener.NONE, new Cancellation())
                .outputIds();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c), "two seeds gave the same 40 sampled tokens");

        DecodeOutcome greedy = AutoregressiveDecoder.decode(model.model(), prompt, 40, DecodeListener.NONE,
                new Cancellation());
        DecodeOutcome cold = SamplingDecoder.decode(model.model(), prompt, 40, new TokenSampler(0, 1), 9,
                DecodeListener.NONE, new Cancellation());
        assertArrayEquals(greedy.outputIds(), cold.outputIds());
        assertEquals(greedy.forwardPasses(), cold.forwardPasses());
    }
}
