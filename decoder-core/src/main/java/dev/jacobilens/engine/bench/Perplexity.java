package dev.jacobilens.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.TextQuality;

/**
 * Scores an output with a model (the pair's standard model): the negative log-likelihood of each
 * output token given the prompt and the output before it, from one forward pass over both.
 * {@link TextQuality.LogLikelihood#perplexity()} turns the sum into a perplexity.
 */
public final class Perplexity {
    private Perplexity() {
    }

    public static TextQuality.LogLikelihood score(LlamaModel model, int[] prompt, int[] output) {
        if (output.length == 0) {
            return TextQuality.LogLikelihood.NONE;
        }
        int length = prompt.length + output.length;
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = i < prompt.length ? prompt[i] : output[i - prompt.length];
        }
        try (NDScope ignored = new NDScope()) {
            NDArray input = model.manager().create(ids, new Shape(1, length));
            // position t predicts token t + 1: the output tokens are predicted from prompt.length - 1 on
            NDArray logits = model.forward(input, null, false).toType(DataType.FLOAT32, false);
            NDArray logProbs = logits.get("0, " + (prompt.length - 1) + ":" + (length - 1)).logSoftmax(-1);
            float[] flat = logProbs.toFloatArray();
            int vocab = (int) logProbs.getShape().get(1);
            double nll = 0;
            for (int k = 0; k < output.length; k++) {
                nll -= flat[k * vocab + output[k]];
            }
            return new TextQuality.LogLikelihood(nll, output.length);
        }
    }
}
