package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.store.BlockTrajectory;

import java.util.ArrayList;
import java.util.List;

/** Collects one block's states and passes, and reports each pass to the listener. */
final class BlockTracker {
    private final int index;
    private final int start;
    private final DecodeListener listener;
    private final List<int[]> states = new ArrayList<>();
    private final List<Integer> accepted = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();
    private int acceptedTotal;

    BlockTracker(int index, int start, int[] initial, DecodeListener listener) {
        this.index = index;
        this.start = start;
        this.listener = listener;
        states.add(initial.clone());
    }

    void pass(int[] before, int[] after, int newlyAccepted, boolean converged, long wallNanos) {
        pass(before, after, newlyAccepted, converged, wallNanos, null);
    }

    void pass(int[] before, int[] after, int newlyAccepted, boolean converged, long wallNanos, PassCandidates detail) {
        acceptedTotal += newlyAccepted;
        states.add(after.clone());
        accepted.add(newlyAccepted);
        nanos.add(wallNanos);
        listener.onPass(new PassEvent(index, accepted.size(), start, before.clone(), after.clone(),
                newlyAccepted, acceptedTotal, converged, wallNanos, detail));
    }

    BlockTrajectory finish() {
        return new BlockTrajectory(index, start, states,
                accepted.stream().mapToInt(Integer::intValue).toArray(),
                nanos.stream().mapToLong(Long::longValue).toArray());
    }
}
