package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.engine.model.LlamaModel;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Greedy Jacobi decoding as the CLLM reference ({@code jacobi_forward} in
 * hao-ai-lab/Consistency_LLM) does it.
 *
 * <p>The output is cut into blocks of n tokens. A block starts from a guess: its first token is
 * the previous pass's greedy prediction (so it is already right); the other n−1 are drawn with a
 * seeded RNG from the prompt and the text so far. Each iteration runs the block's unconverged
 * part through the model in one forward pass and shifts the predictions in: position i takes
 * the greedy prediction made at position i−1. Positions whose token did not change are
 * correct as long as everything before them is, so the unchanged prefix is accepted
 * ("fast-forwarded"), the cache is rolled back to just after it, and only the rest runs again.
 * At least one token is accepted per pass, so a block converges in at most n passes; the
 * result is the fixed point, which equals greedy autoregressive output.
 */
public final class JacobiDecoder {
    private JacobiDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel model, int[] prompt, int blockSize, int maxNewTokens, long seed,
                                       DecodeListener listener, Cancellation cancel) {
        return decode(model, prompt, blockSize, maxNewTokens, seed, 0, listener, cancel);
    }

    /**
     * Jacobi decoding whose initial guesses come from an n-gram pool where it can (lookahead's
     * pool put to Jacobi's use, for consistency models): a block's guess after its known first
     * token chains pool n-grams (each keyed by the token before it); positions the pool cannot
     * fill are drawn at random as usual. The pool holds the prompt's and the output's n-grams and
     * those of every Jacobi state after its accepted prefix (the trajectory's own guesses).
     * Only the guesses change, never the fixed point, so the output is still greedy AR's.
     *
     * @param poolNgram n-gram size of the pool; 0 for plain Jacobi decoding
     */
    public static DecodeOutcome decode(LlamaModel model, int[] prompt, int blockSize, int maxNewTokens, long seed,
                                       int poolNgram, DecodeListener listener, Cancellation cancel) {
        if (poolNgram == 1 || poolNgram < 0 || poolNgram > 64) {
            throw new EngineException("the n-gram pool's n-gram size must be 2 to 64 (0: no pool), got " + poolNgram);
        }
        if (blockSize < 1 || blockSize > model.config().maxPositionEmbeddings()) {
            throw new EngineException("block size must be between 1 and " + model.config().maxPositionEmbeddings()
                    + ", got " + blockSize);
        }
        Random rng = new Random(seed);
        NgramPool pool = poolNgram == 0 ? null : new NgramPool(poolNgram, 8);
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            run.prefill();
            if (pool != null) {
                pool.addAll(prompt, prompt.length, 0);
            }
            while (run.stopReason == null) {
                if (run.stopIfCancelled(cancel)) {
                    break;
                }
                int[] fixedPoint = block(run, Math.min(blockSize, run.remaining()), rng, pool, listener, cancel);
                if (fixedPoint == null) {
                    run.stopReason = StopReason.CANCELLED;
                    break;
                }
                if (pool != null) {
                    // the fixed point's n-grams, including those that reach back into earlier text
                    int[] text = new int[run.poolSize() + fixedPoint.length];
                    for (int i = 0; i < run.poolSize(); i++) {
                        text[i] = run.poolToken(i);
                    }
                    System.arraycopy(fixedPoint, 0, text, run.poolSize(), fixedPoint.length);
                    pool.addAll(text, text.length, run.poolSize());
                }
                run.accept(fixedPoint);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason);
        }
    }

    /** Overwrites state[from..] with chained pool n-grams, starting from the token before {@code from}. */
    private static void guessFromPool(int[] state, int from, NgramPool pool) {
        int filled = from;
        while (filled < state.length) {
            List<int[]> found = pool.candidates(state[filled - 1], 1);
            if (found.isEmpty()) {
                return;
            }
            int[] g = found.get(0);
            for (int k = 1; k < g.length && filled < state.length; k++) {
                state[filled++] = g[k];
            }
        }
    }

    /** Iterates one block to its fixed point; null if cancelled before it converged. */
    private static int[] block(DecodeRun run, int n, Random rng, NgramPool pool, DecodeListener listener,
                               Cancellation cancel) {
        int[] state = new int[n];
        state[0] = run.next;
        for (int i = 1; i < n; i++) {
            state[i] = run.poolToken(rng.nextInt(run.poolSize()));
        }
        if (pool != null) {
            guessFromPool(state, 1, pool);
        }
        BlockTracker tracker = new BlockTracker(run.blocks.size(), run.generated.size(), state, listener);
        int base = run.cache.length();
        int accepted = 0;
        while (true) {
            if (cancel.isCancelled()) {
                run.truncate(base + accepted);
                return null;
            }
            long start = System.nanoTime();
            int m = n - accepted;
            int[] input = new int[m];
            System.arraycopy(state, accepted, input, 0, m);
            int[] predicted = run.pass(input, false);
            int[] nextState = DecodeRun.copy(state);
            System.arraycopy(predicted, 0, nextState, accepted + 1, m - 1);
            int unchanged = 1; // the first unaccepted token is always right
            while (unchanged < m && nextState[accepted + unchanged] == state[accepted + unchanged]) {
                unchanged++;
            }
            boolean converged = unchanged == m;
            if (converged) {
                run.next = predicted[m - 1];
            } else {
                run.truncate(base + accepted + unchanged);
            }
            accepted += unchanged;
            if (pool != null && !converged) {
                pool.addAll(Arrays.copyOfRange(nextState, accepted - 1, n), n - accepted + 1, 0);
            }
            tracker.pass(state, nextState, unchanged, converged, System.nanoTime() - start);
            state = nextState;
            if (converged) {
                run.blocks.add(tracker.finish());
                return state;
            }
        }
    }
}
