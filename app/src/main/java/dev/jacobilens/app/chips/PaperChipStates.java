package dev.jacobilens.app.chips;

import dev.jacobilens.store.BlockTrajectory;

/**
 * The CLLM paper's reading of a Jacobi trajectory: the accepted prefix is locked, tokens the pass
 * fast-forwarded are new, and a correct token that keeps its value through every later
 * iteration is stationary (the paper's "correctly predicted tokens that remain unchanged through
 * subsequent iterations, despite being preceded by incorrect tokens").
 */
public final class PaperChipStates implements ChipStateCalculator {

    @Override
    public ChipState[] states(BlockTrajectory block, int iteration, boolean converged) {
        int passes = block.states().size() - 1;
        if (iteration < 0 || iteration > passes) {
            throw new IllegalArgumentException("iteration " + iteration + " outside 0.." + passes);
        }
        int acceptedBefore = acceptedAfter(block, iteration - 1);
        int acceptedNow = acceptedAfter(block, iteration);
        int[] state = block.states().get(iteration);
        ChipState[] result = new ChipState[state.length];
        for (int i = 0; i < state.length; i++) {
            if (i < acceptedBefore) {
                result[i] = ChipState.ACCEPTED_LOCKED;
            } else if (i < acceptedNow) {
                result[i] = ChipState.NEWLY_ACCEPTED;
            } else if (!converged) {
                result[i] = ChipState.PENDING;
            } else if (state[i] != block.fixedPoint()[i]) {
                result[i] = ChipState.INCORRECT;
            } else {
                result[i] = keepsTokenFrom(block, iteration, i) ? ChipState.STATIONARY : ChipState.CORRECT;
            }
        }
        return result;
    }

    /** Tokens accepted by passes 1..iteration (none for iteration 0 or below). */
    static int acceptedAfter(BlockTrajectory block, int iteration) {
        int sum = 0;
        for (int pass = 0; pass < iteration && pass < block.acceptedPerPass().length; pass++) {
            sum += block.acceptedPerPass()[pass];
        }
        return sum;
    }

    private static boolean keepsTokenFrom(BlockTrajectory block, int iteration, int position) {
        int token = block.states().get(iteration)[position];
        for (int later = iteration + 1; later < block.states().size(); later++) {
            if (block.states().get(later)[position] != token) {
                return false;
            }
        }
        return true;
    }
}
