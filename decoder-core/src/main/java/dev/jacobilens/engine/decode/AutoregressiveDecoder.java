package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.model.LlamaModel;

/**
 * Greedy autoregressive decoding with a KV cache: one forward pass per token. Recorded as
 * Jacobi blocks of one token (states [t], [t], one pass), which is exactly what Jacobi
 * decoding with n = 1 does, so both strategies share one recording format and one set of
 * metrics.
 */
public final class AutoregressiveDecoder {
    private AutoregressiveDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel model, int[] prompt, int maxNewTokens,
                                       DecodeListener listener, Cancellation cancel) {
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            run.prefill();
            while (run.stopReason == null) {
                if (run.stopIfCancelled(cancel)) {
                    break;
                }
                int[] token = {run.next};
                BlockTracker block = new BlockTracker(run.blocks.size(), run.generated.size(), token, listener);
                long start = System.nanoTime();
                run.next = run.pass(token, false)[0];
                block.pass(token, token, 1, true, System.nanoTime() - start);
                run.blocks.add(block.finish());
                run.accept(token);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason);
        }
    }
}
