package dev.jacobilens.train;

import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.TextTokenizer;
import dev.jacobilens.engine.model.LlamaConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns GSM8K-style problems into training sequences: the question as the prompt (with BOS, as
 * a user's prompt is encoded at decode time) and the answer plus EOS as the continuation.
 */
public final class MathExamples {
    private MathExamples() {
    }

    public static List<Example> of(List<Problem> problems, TextTokenizer tokenizer, LlamaConfig config) {
        List<Example> out = new ArrayList<>(problems.size());
        int eos = config.eosTokenIds().get(0);
        for (Problem p : problems) {
            Example e = of(p, tokenizer, eos);
            if (e.length() > config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("a problem of " + e.length() + " tokens exceeds the model's "
                        + config.maxPositionEmbeddings() + " positions: " + p.question());
            }
            out.add(e);
        }
        return out;
    }

    /** One problem: the question with BOS, then the answer and EOS. */
    public static Example of(Problem p, TextTokenizer tokenizer, int eosId) {
        int[] answer = tokenizer.encodeContinuation(p.answer());
        int[] continuation = java.util.Arrays.copyOf(answer, answer.length + 1);
        continuation[answer.length] = eosId;
        return new Example(tokenizer.encode(p.question()), continuation);
    }
}
