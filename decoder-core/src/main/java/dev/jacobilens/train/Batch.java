package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Examples padded on the right into [batch, length] arrays for next-token prediction: inputs,
 * the target at each position (the next token) and a loss weight per position (1 where the
 * target belongs to the continuation, or to the prompt when prompts are learned too; 0 on
 * padding). Right padding needs no attention mask: causal attention never looks ahead.
 */
public record Batch(long[] inputs, long[] targets, float[] weights, int size, int length) {

    public static Batch of(List<Example> examples, int padId, boolean learnPrompt) {
        int length = 0;
        for (Example e : examples) {
            length = Math.max(length, e.length() - 1);
        }
        int b = examples.size();
        long[] inputs = new long[b * length];
        long[] targets = new long[b * length];
        float[] weights = new float[b * length];
        java.util.Arrays.fill(inputs, padId);
        java.util.Arrays.fill(targets, padId);
        for (int i = 0; i < b; i++) {
            Example e = examples.get(i);
            int[] seq = concat(e.prompt(), e.continuation());
            for (int t = 0; t < seq.length - 1; t++) {
                inputs[i * length + t] = seq[t];
                targets[i * length + t] = seq[t + 1];
                boolean inContinuation = t + 1 >= e.prompt().length;
                weights[i * length + t] = inContinuation || learnPrompt ? 1f : 0f;
            }
        }
        return new Batch(inputs, targets, weights, b, length);
    }

    public NDArray inputArray(NDManager m) {
        return m.create(inputs, new Shape(size, length));
    }

    public NDArray targetArray(NDManager m) {
        return m.create(targets, new Shape(size, length));
    }

    public NDArray weightArray(NDManager m) {
        return m.create(weights, new Shape(size, length));
    }

    public float weightSum() {
        float s = 0;
        for (float w : weights) {
            s += w;
        }
        return s;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
