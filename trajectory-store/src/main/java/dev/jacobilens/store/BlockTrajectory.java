package dev.jacobilens.store;

import java.util.List;

/**
 * The Jacobi trajectory of one block of n tokens.
 *
 * <p>{@code states.get(0)} is the initial guess (its first token is already known to be right:
 * it is the previous pass's greedy prediction); {@code states.get(k)} is the whole block after
 * forward pass k, i.e. the accepted prefix followed by the pass's predictions for the rest.
 * The last state is the fixed point. Autoregressive decoding is the special case n = 1: every
 * block has the states {@code [t], [t]} and one pass that accepts one token.
 *
 * @param index          block number, from 0
 * @param start          offset of the block's first token in the generated output
 * @param states         passes + 1 states, each exactly n ids
 * @param acceptedPerPass tokens newly accepted (fast-forwarded) by each pass; sums to n
 * @param passNanos      wall time of each pass in nanoseconds
 */
public record BlockTrajectory(int index, int start, List<int[]> states, int[] acceptedPerPass, long[] passNanos) {
    public BlockTrajectory {
        states = List.copyOf(states);
    }

    /** Forward passes this block took: its iterations to converge. */
    public int passes() {
        return acceptedPerPass.length;
    }

    /** Block size n. */
    public int size() {
        return states.get(0).length;
    }

    /** The converged block. */
    public int[] fixedPoint() {
        return states.get(states.size() - 1);
    }
}
