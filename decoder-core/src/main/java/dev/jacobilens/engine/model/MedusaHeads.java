package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.jacobilens.engine.EngineException;

import java.util.List;

/**
 * Medusa-1's extra decoding heads (Cai et al. 2024) on a frozen base model. Head k (from 0)
 * reads the base model's final-norm hidden state h at position t and predicts the token at
 * t + k + 2, one place further than the base LM head's t + 1:
 * {@code logits_k = W2_k (h + SiLU(W1_k h + b1_k))}, one residual SiLU block and its own LM
 * head, as FasterDecoding/Medusa's {@code MedusaModel} with {@code medusa_num_layers = 1}.
 *
 * <p>The K heads' residual blocks are fused into one [K·H, H] weight and their LM heads into one
 * [K, V, H] array, so all K heads cost a handful of native ops per pass whatever K is.
 */
public final class MedusaHeads implements AutoCloseable {
    /** More heads than this would predict so far ahead that their guesses are noise. */
    public static final int MAX_HEADS = 16;

    private final NDManager manager;
    private final int count;
    private final int hiddenSize;
    private final int vocabSize;
    /** The K residual blocks' weights stacked row-wise, [K·H, H]. */
    final NDArray blockWeight;
    /** Their biases, [K·H]. */
    final NDArray blockBias;
    /** The K heads' own LM heads, [K, V, H]. */
    final NDArray lmHeads;

    MedusaHeads(NDManager manager, int count, int hiddenSize, int vocabSize, NDArray blockWeight, NDArray blockBias,
                NDArray lmHeads) {
        if (count < 1 || count > MAX_HEADS) {
            throw new EngineException("Medusa needs 1 to " + MAX_HEADS + " heads, got " + count);
        }
        this.manager = manager;
        this.count = count;
        this.hiddenSize = hiddenSize;
        this.vocabSize = vocabSize;
        this.blockWeight = blockWeight;
        this.blockBias = blockBias;
        this.lmHeads = lmHeads;
    }

    /**
     * Fresh heads as Medusa starts them: each residual block the identity (zero weight and bias,
     * SiLU(0) = 0) and each LM head a copy of the base model's, so that before training every
     * head predicts what the base model predicts for the next position.
     */
    public static MedusaHeads initialise(LlamaModel base, int count, NDManager parent) {
        if (count < 1 || count > MAX_HEADS) {
            throw new EngineException("Medusa needs 1 to " + MAX_HEADS + " heads, got " + count);
        }
        LlamaConfig c = base.config();
        int h = c.hiddenSize();
        NDManager m = parent.newSubManager();
        float[] lm = base.parameters().lmHead().toType(DataType.FLOAT32, false).toFloatArray();
        float[] stacked = new float[count * lm.length];
        for (int k = 0; k < count; k++) {
            System.arraycopy(lm, 0, stacked, k * lm.length, lm.length);
        }
        return new MedusaHeads(m, count, h, c.vocabSize(), m.zeros(new Shape((long) count * h, h)),
                m.zeros(new Shape((long) count * h)), m.create(stacked, new Shape(count, c.vocabSize(), h)));
    }

    public int count() {
        return count;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Parameters the heads add to the base model: K (H·H + H + V·H). */
    public long parameterCount() {
        return (long) count * ((long) hiddenSize * hiddenSize + hiddenSize + (long) vocabSize * hiddenSize);
    }

    /** The trainable arrays. */
    public List<NDArray> all() {
        return List.of(blockWeight, blockBias, lmHeads);
    }

    /**
     * Every head's logits for each of N hidden states.
     *
     * @param hidden [N, H] final-norm hidden states of the base model
     * @return [K, N, V]
     */
    public NDArray logits(NDArray hidden) {
        long n = hidden.getShape().get(0);
        NDArray z = JniUtils.linear((PtNDArray) hidden, (PtNDArray) blockWeight, (PtNDArray) blockBias)
                .reshape(n, count, hiddenSize);
        NDArray residual = z.mul(Ops.sigmoid(z)).add(hidden.expandDims(1));
        return Ops.transpose(residual, 0, 1).matMul(Ops.transpose(lmHeads, 1, 2));
    }

    /**
     * The {@code k} most likely tokens of every head for one hidden state, most likely first.
     *
     * @param hidden [1, H] or [1, 1, H]
     * @return [K][k] token ids
     */
    public int[][] topTokens(NDArray hidden, int k) {
        NDArray logits = logits(hidden.reshape(1, hiddenSize)).reshape(count, vocabSize);
        long[] ids = logits.toType(DataType.FLOAT32, false).topK(Math.min(k, vocabSize), -1, true, true).get(1)
                .toLongArray();
        int width = Math.min(k, vocabSize);
        int[][] out = new int[count][width];
        for (int head = 0; head < count; head++) {
            for (int r = 0; r < width; r++) {
                out[head][r] = (int) ids[head * width + r];
            }
        }
        return out;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
