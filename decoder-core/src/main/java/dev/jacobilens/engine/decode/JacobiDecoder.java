package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.LlamaModel;

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
        if (blockSize < 1 || blockSize > model.config().maxPositionEmbeddings()) {
            throw new EngineException("block size must be between 1 and " + model.config().maxPositionEmbeddings()
                    + ", got " + blockSize);
        }
        Random rng = new Random(seed);
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            run.prefill();
            while (run.stopReason == null) {
                if (cancel.isCancelled()) {
                    run.stopReason = "cancelled";
                    break;
                }
                int[] fixedPoint = block(run, Math.min(blockSize, run.remaining()), rng, listener, cancel);
                if (fixedPoint == null) {
                    run.stopReason = "cancelled";
                    break;
                }
                run.accept(fixedPoint);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason);
        }
    }

    /** Iterates one block to its fixed point; null if cancelled before it converged. */
    private static int[] block(DecodeRun run, int n, Random rng, DecodeListener listener, Cancellation cancel) {
        int[] state = new int[n];
        state[0] = run.next;
        for (int i = 1; i < n; i++) {
            state[i] = run.poolToken(rng.nextInt(run.poolSize()));
        }
        BlockTracker tracker = new BlockTracker(run.blocks.size(), run.generated.size(), state, listener);
        int base = run.cache.length();
        int accepted = 0;
        while (true) {
            if (cancel.isCancelled()) {
                run.cache.truncate(base + accepted);
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
                run.cache.truncate(base + accepted + unchanged);
            }
            accepted += unchanged;
            tracker.pass(state, nextState, unchanged, converged, System.nanoTime() - start);
            state = nextState;
            if (converged) {
                run.blocks.add(tracker.finish());
                return state;
            }
        }
    }
}
