package dev.jacobilens.engine.decode;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws a token from logits with temperature and nucleus (top-p) sampling: softmax of
 * logits / temperature, then the smallest set of most probable tokens whose probabilities add up
 * to at least {@code topP}, renormalised. Temperature 0 is greedy (the first highest logit), so
 * a sampled decode at temperature 0 is the greedy decode. Deterministic for a given
 * {@link Random}: the same seed gives the same tokens.
 */
public final class TokenSampler {
    private final double temperature;
    private final double topP;

    public TokenSampler(double temperature, double topP) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
    }

    public int sample(float[] logits, Random rng) {
        int best = argmax(logits);
        if (temperature == 0) {
            return best;
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            // shifted by the maximum so exp never overflows
            p[i] = Math.exp((logits[i] - logits[best]) / temperature);
            sum += p[i];
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double[] probs = p;
        Arrays.sort(order, (a, b) -> probs[b] != probs[a] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        int keep = 0;
        double mass = 0;
        while (keep < order.length && (keep == 0 || mass < topP * sum)) {
            mass += p[order[keep]];
            keep++;
        }
        double draw = rng.nextDouble() * mass;
        for (int k = 0; k < keep; k++) {
            draw -= p[order[k]];
            if (draw < 0) {
                return order[k];
            }
        }
        return order[keep - 1]; // rounding left a sliver of mass: the last kept token
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
