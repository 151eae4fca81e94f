package dev.jacobilens.engine.decode;

import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.StopReason;

import java.util.List;

/**
 * What a decoder produced: the output ids (up to and including the first EOS, and to the budget:
 * the output as {@code dev.jacobilens.store.Metrics} defines it), every block's trajectory, the
 * prompt pass's wall time, why decoding stopped, what passes verified beyond their accepted
 * tokens (lookahead's window and n-grams, speculative's draft) and, for speculative decoding, the
 * draft model's forward passes (its prompt pass included; 0 for the other methods).
 * {@link #forwardPasses} counts the target model's passes only.
 */
public record DecodeOutcome(int[] outputIds, List<BlockTrajectory> blocks, long prefillNanos, StopReason stopReason,
                            int draftPasses, List<PassCandidates> candidates) {
    public DecodeOutcome {
        blocks = List.copyOf(blocks);
        candidates = List.copyOf(candidates);
    }

    /** A decode without a draft model or candidates (AR, Jacobi, sampling). */
    public DecodeOutcome(int[] outputIds, List<BlockTrajectory> blocks, long prefillNanos, StopReason stopReason) {
        this(outputIds, blocks, prefillNanos, stopReason, 0, List.of());
    }

    /** Forward passes of the (target) model, the prompt pass included. */
    public int forwardPasses() {
        return 1 + blocks.stream().mapToInt(BlockTrajectory::passes).sum();
    }
}
