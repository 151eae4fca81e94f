package dev.jacobilens.app.chips;

import dev.jacobilens.store.BlockTrajectory;

/**
 * Classifies every position of a block at one iteration. An interface so that the app can use
 * the trajectory store's own classification once it exists, without touching the views.
 */
public interface ChipStateCalculator {

    /**
     * @param block           the block's trajectory (its last state is the fixed point when converged)
     * @param iteration       0 for the initial guess, k for the state after pass k
     * @param converged       whether the trajectory is complete; if not, unaccepted positions are PENDING
     * @param outputPositions how many of the block's positions belong to the output
     *                        ({@code Metrics.outputPositions}); the rest are AFTER_END
     * @return one state per position
     */
    ChipState[] states(BlockTrajectory block, int iteration, boolean converged, int outputPositions);

    /** As the four-argument form, with every position part of the output. */
    default ChipState[] states(BlockTrajectory block, int iteration, boolean converged) {
        return states(block, iteration, converged, block.size());
    }
}
