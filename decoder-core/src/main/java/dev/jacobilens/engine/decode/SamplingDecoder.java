package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.model.LlamaModel;

import java.util.Random;

/**
 * Autoregressive decoding that samples each token ({@link TokenSampler}: temperature and top-p)
 * instead of taking the greedy one, seeded so that a run repeats exactly. Recorded like
 * {@link AutoregressiveDecoder}: one block of one token per pass. Used to write varied text with
 * a model, e.g. story openings; Jacobi decoding itself stays greedy.
 */
public final class SamplingDecoder {
    private SamplingDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel model, int[] prompt, int maxNewTokens, TokenSampler sampler,
                                       long seed, DecodeListener listener, Cancellation cancel) {
        Random rng = new Random(seed);
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            long start = System.nanoTime();
            run.next = sampler.sample(run.lastLogits(prompt), rng);
            run.prefillNanos = System.nanoTime() - start;
            while (run.stopReason == null) {
                if (run.stopIfCancelled(cancel)) {
                    break;
                }
                int[] token = {run.next};
                BlockTracker block = new BlockTracker(run.blocks.size(), run.generated.size(), token, listener);
                long passStart = System.nanoTime();
                run.next = sampler.sample(run.lastLogits(token), rng);
                block.pass(token, token, 1, true, System.nanoTime() - passStart);
                run.blocks.add(block.finish());
                run.accept(token);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason);
        }
    }
}
