package dev.jacobilens.engine.decode;

import dev.jacobilens.store.BlockTrajectory;

import java.util.List;

/**
 * What a decoder produced: the output ids (up to and including the first EOS, and to the budget:
 * the output as {@code dev.jacobilens.store.Metrics} defines it), every block's
 * trajectory, the prompt pass's wall time and why decoding stopped ("eos", "max_new_tokens",
 * "context_full" or "cancelled").
 */
public record DecodeOutcome(int[] outputIds, List<BlockTrajectory> blocks, long prefillNanos, String stopReason) {
    public DecodeOutcome {
        blocks = List.copyOf(blocks);
    }

    /** Forward passes, the prompt pass included. */
    public int forwardPasses() {
        return 1 + blocks.stream().mapToInt(BlockTrajectory::passes).sum();
    }
}
