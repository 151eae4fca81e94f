package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.jacobilens.engine.model.LlamaModel;

/** Training objectives, written with the same forward pass the decoders use. */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean next-token cross-entropy over the positions the batch weights, with optional label
     * smoothing ε: the target gets 1−ε and every token ε/V, as torch's CrossEntropyLoss does.
     */
    public static NDArray causalLm(LlamaModel model, Batch batch, NDManager m, double labelSmoothing) {
        NDArray logits = model.forward(batch.inputArray(m), null, false);
        return crossEntropy(logits, batch.targetArray(m), batch.weightArray(m), batch.weightSum(), labelSmoothing);
    }

    static NDArray crossEntropy(NDArray logits, NDArray targets, NDArray weights, float weightSum,
                                double labelSmoothing) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray nll = logp.gather(targets.expandDims(2), 2).squeeze(2).neg();
        if (labelSmoothing > 0) {
            NDArray uniform = logp.mean(new int[] {-1}).neg();
            nll = nll.mul((float) (1 - labelSmoothing)).add(uniform.mul((float) labelSmoothing));
        }
        return nll.mul(weights).sum().div(Math.max(weightSum, 1f));
    }
}
