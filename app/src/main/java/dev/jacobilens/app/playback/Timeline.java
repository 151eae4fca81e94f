package dev.jacobilens.app.playback;

import dev.jacobilens.app.trace.BlockTrace;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames of a comparison: one per forward pass of the slower lane (by pass), or one per
 * iteration of the slower lane in each block (by block). A lane past its last pass holds its
 * final state, which is how the audience sees who finished first.
 */
public final class Timeline {
    private final LaneTrace standard;
    private final LaneTrace consistency;
    private final SyncMode mode;
    /** Precomputed frames for BY_BLOCK; BY_PASS needs no table. */
    private final List<Frame> blockFrames;

    public Timeline(LaneTrace standard, LaneTrace consistency, SyncMode mode) {
        this.standard = standard;
        this.consistency = consistency;
        this.mode = mode;
        this.blockFrames = mode == SyncMode.BY_BLOCK ? alignBlocks() : List.of();
    }

    public int size() {
        return mode == SyncMode.BY_PASS
                ? Math.max(standard.passCount(), consistency.passCount())
                : blockFrames.size();
    }

    /** Frame {@code index}, from 0; null when the timeline is empty. */
    public Frame frame(int index) {
        if (size() == 0) {
            return null;
        }
        int clamped = Math.max(0, Math.min(index, size() - 1));
        if (mode == SyncMode.BY_PASS) {
            return new Frame(standard.position(clamped + 1), consistency.position(clamped + 1));
        }
        return blockFrames.get(clamped);
    }

    /** The frame index at which a lane first shows the given pass (for keeping place on mode change). */
    public int indexOf(boolean standardLane, int passNumber) {
        for (int i = 0; i < size(); i++) {
            PassPosition position = standardLane ? frame(i).standard() : frame(i).consistency();
            if (position != null && position.passNumber() >= passNumber) {
                return i;
            }
        }
        return Math.max(0, size() - 1);
    }

    private List<Frame> alignBlocks() {
        List<Frame> frames = new ArrayList<>();
        int blocks = Math.max(standard.blocks().size(), consistency.blocks().size());
        for (int b = 0; b < blocks; b++) {
            int steps = Math.max(passesOf(standard, b), passesOf(consistency, b));
            for (int k = 1; k <= steps; k++) {
                frames.add(new Frame(at(standard, b, k), at(consistency, b, k)));
            }
        }
        return frames;
    }

    private static int passesOf(LaneTrace trace, int block) {
        return block < trace.blocks().size() ? trace.blocks().get(block).passes() : 0;
    }

    /** Lane position at iteration k of block b, holding the block's (or the run's) last pass. */
    private static PassPosition at(LaneTrace trace, int block, int iteration) {
        if (trace.passCount() == 0) {
            return null;
        }
        if (block >= trace.blocks().size()) {
            return trace.position(trace.passCount());
        }
        BlockTrace b = trace.blocks().get(block);
        return trace.position(trace.passNumber(block, Math.min(iteration, b.passes())));
    }
}
