package dev.jacobilens.engine.decode;

import dev.jacobilens.store.BlockTrajectory;

import java.util.List;

/**
 * What a decoder produced: the output ids (up to and including the first EOS, and to the budget:
 * the output as {@code dev.jacobilens.store.Metrics} defines it), every block's
 * trajectory, the prompt pass's wall time and why decoding stopped ("eos", "max_new_tokens",
 * "context_full" or "cancelled") and, for speculative decoding, the draft model's forward passes
 * (its prompt pass included; 0 for the other methods). {@link #forwardPasses} counts the
 * target model's passes only.
 */
public record DecodeOutcome(int[] outputIds, List<BlockTrajectory> blocks, long prefillNanos, String stopReason,
                            int draftPasses) {
    public DecodeOutcome {
        blocks = List.copyOf(blocks);
    }

    /** A decode without a draft model. */
    public DecodeOutcome(int[] outputIds, List<BlockTrajectory> blocks, long prefillNanos, String stopReason) {
        this(outputIds, blocks, prefillNanos, stopReason, 0);
    }

    /** Forward passes of the (target) model, the prompt pass included. */
    public int forwardPasses() {
        return 1 + blocks.stream().mapToInt(BlockTrajectory::passes).sum();
    }
}
