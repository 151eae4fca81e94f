package dev.jacobilens.app.chips;

import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Metrics;

/**
 * Chip states as the trajectory store defines them ({@link Metrics#chipStates}), plus what only
 * a live decode needs: while a block has not converged its fixed point is unknown, so the
 * positions it has not accepted yet are {@link ChipState#PENDING} rather than judged against
 * whatever state came last.
 */
public final class StoreChipStates implements ChipStateCalculator {

    @Override
    public ChipState[] states(BlockTrajectory block, int iteration, boolean converged, int outputPositions) {
        if (iteration < 0 || iteration > block.passes()) {
            throw new IllegalArgumentException("iteration " + iteration + " outside 0.." + block.passes());
        }
        ChipState[] result = new ChipState[block.size()];
        if (converged) {
            dev.jacobilens.store.ChipState[] stored = Metrics.chipStates(block, iteration, outputPositions);
            for (int i = 0; i < stored.length; i++) {
                result[i] = ChipState.valueOf(stored[i].name());
            }
            return result;
        }
        int lockedBefore = iteration == 0 ? 0 : block.acceptedAfter(iteration - 1);
        int acceptedNow = block.acceptedAfter(iteration);
        for (int i = 0; i < result.length; i++) {
            result[i] = i >= outputPositions ? ChipState.AFTER_END : i < lockedBefore ? ChipState.ACCEPTED_LOCKED
                    : i < acceptedNow ? ChipState.NEWLY_ACCEPTED : ChipState.PENDING;
        }
        return result;
    }
}
