package dev.jacobilens.app.trace;

import dev.jacobilens.store.BlockTrajectory;

/**
 * One block as far as it is known. While decoding live, the trajectory holds the states seen so
 * far and its last state is not yet the fixed point; {@code converged} says when it is.
 */
public record BlockTrace(BlockTrajectory trajectory, boolean converged) {

    /** Passes seen so far. */
    public int passes() {
        return trajectory.states().size() - 1;
    }

    /** Tokens of this block accepted after the given iteration (0 for the initial guess). */
    public int acceptedAfter(int iteration) {
        int sum = 0;
        int[] accepted = trajectory.acceptedPerPass();
        for (int pass = 0; pass < iteration && pass < accepted.length; pass++) {
            sum += accepted[pass];
        }
        return sum;
    }
}
