package dev.jacobilens.distill;

import java.util.Random;

/**
 * Intermediate states made from a block's fixed point instead of taken from the base model's
 * trajectory, in the spirit of Jacobi Forcing's noise-conditioned training.
 *
 * <p>A collected trajectory only holds states of the <em>base</em> model: a correct prefix followed
 * by guesses that are almost all wrong. Once the consistency model is any good, the states it
 * meets while decoding look different: mostly right, with scattered wrong tokens. A noised state
 * keeps the fixed point's first k tokens (k ≥ 1: the decoder always knows a block's first token),
 * makes token k wrong and replaces each later token with probability r; k and r are drawn
 * uniformly, so every amount of noise between "one wrong token" and "a fresh guess" is covered.
 * Wrong tokens are drawn from the text before the block, as the decoder draws its initial guess.
 */
final class NoisedStates {
    private NoisedStates() {
    }

    /** A noised state of the block, or null when the block has too few tokens before EOS to noise. */
    static int[] of(TrajectoryData.Block block, int eosId, Random rng) {
        int[] fixed = block.fixedPoint();
        int[] pool = block.prefix();
        int eosAt = ConsistencyObjective.indexOf(fixed, eosId);
        int valid = eosAt < 0 ? fixed.length : eosAt + 1; // tokens after EOS are not part of the answer
        if (valid < 2 || pool.length == 0) {
            return null;
        }
        int firstWrong = 1 + rng.nextInt(valid - 1);
        double rate = rng.nextDouble();
        int[] state = fixed.clone();
        state[firstWrong] = wrongToken(pool, fixed[firstWrong], rng);
        for (int i = firstWrong + 1; i < state.length; i++) {
            if (rng.nextDouble() < rate) {
                state[i] = pool[rng.nextInt(pool.length)];
            }
        }
        return state;
    }

    /**
     * A state of the block with noise ratio {@code ratio} (Jacobi Forcing's schedule): the fixed
     * point's first {@code n - round(ratio n)} tokens kept (at least 1), the next made wrong and each
     * later one replaced with a probability drawn uniformly; the fixed point itself where that leaves
     * no token before EOS to make wrong.
     */
    static int[] at(TrajectoryData.Block block, double ratio, int eosId, Random rng) {
        int[] fixed = block.fixedPoint();
        int[] pool = block.prefix();
        int n = fixed.length;
        int eosAt = ConsistencyObjective.indexOf(fixed, eosId);
        int valid = eosAt < 0 ? n : eosAt + 1;
        int firstWrong = Math.max(1, n - (int) Math.round(ratio * n));
        double rate = rng.nextDouble();
        if (firstWrong >= valid || pool.length == 0) {
            return fixed.clone();
        }
        int[] state = fixed.clone();
        state[firstWrong] = wrongToken(pool, fixed[firstWrong], rng);
        for (int i = firstWrong + 1; i < n; i++) {
            if (rng.nextDouble() < rate) {
                state[i] = pool[rng.nextInt(pool.length)];
            }
        }
        return state;
    }

    private static int wrongToken(int[] pool, int right, Random rng) {
        for (int attempt = 0; attempt < 8; attempt++) {
            int t = pool[rng.nextInt(pool.length)];
            if (t != right) {
                return t;
            }
        }
        for (int t : pool) {
            if (t != right) {
                return t;
            }
        }
        return right == 0 ? 1 : 0; // a pool of one repeated token: any other id is wrong
    }
}
