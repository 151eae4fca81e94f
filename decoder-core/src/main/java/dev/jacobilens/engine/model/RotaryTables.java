package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * cos/sin tables of rotary position embeddings for every position, computed with the same
 * float32 torch operations Hugging Face uses, so angles match bit for bit on the same backend.
 */
final class RotaryTables {
    private RotaryTables() {
    }

    /** {cos, sin}, each [maxPositions, headDim] float32. */
    static NDArray[] create(NDManager manager, LlamaConfig config) {
        int dim = config.headDim();
        RopeConfig rope = config.rope();
        NDArray exponents = manager.arange(0, dim, 2).toType(DataType.FLOAT32, false).div(dim);
        NDArray invFreq = manager.ones(new Shape(dim / 2), DataType.FLOAT32)
                .div(manager.create((float) rope.theta()).pow(exponents));
        if (rope.type().equals("linear")) {
            invFreq = invFreq.div((float) rope.factor());
        } else if (rope.type().equals("llama3")) {
            invFreq = manager.create(llama3(invFreq.toFloatArray(), rope));
        }
        NDArray positions = manager.arange(0, config.maxPositionEmbeddings(), 1).toType(DataType.FLOAT32, false);
        NDArray freqs = positions.expandDims(1).mul(invFreq.expandDims(0));
        NDArray emb = freqs.concat(freqs, 1);
        return new NDArray[] {emb.cos(), emb.sin()};
    }

    /** Llama 3's frequency-dependent rescaling of the inverse frequencies. */
    private static float[] llama3(float[] invFreq, RopeConfig rope) {
        double lowWavelen = rope.originalMaxPositions() / rope.lowFreqFactor();
        double highWavelen = rope.originalMaxPositions() / rope.highFreqFactor();
        float[] out = new float[invFreq.length];
        for (int i = 0; i < invFreq.length; i++) {
            double wavelen = 2 * Math.PI / invFreq[i];
            if (wavelen < highWavelen) {
                out[i] = invFreq[i];
            } else if (wavelen > lowWavelen) {
                out[i] = (float) (invFreq[i] / rope.factor());
            } else {
                double smooth = (rope.originalMaxPositions() / wavelen - rope.lowFreqFactor())
                        / (rope.highFreqFactor() - rope.lowFreqFactor());
                out[i] = (float) ((1 - smooth) * invFreq[i] / rope.factor() + smooth * invFreq[i]);
            }
        }
        return out;
    }

    /** R with x·R = rotate_half(x) = concat(-x[d/2:], x[:d/2]). */
    static NDArray rotateHalfMatrix(NDManager manager, int dim) {
        int half = dim / 2;
        float[] r = new float[dim * dim];
        for (int j = 0; j < half; j++) {
            r[(j + half) * dim + j] = -1f;
            r[j * dim + j + half] = 1f;
        }
        return manager.create(r, new Shape(dim, dim));
    }
}
