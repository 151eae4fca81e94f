package dev.jacobilens.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Jacobi trajectory of one block of n tokens.
 *
 * <p>{@code states.get(0)} is the initial guess (its first token is already known to be right:
 * it is the previous pass's greedy prediction); {@code states.get(k)} is the whole block after
 * forward pass k, i.e. the accepted prefix followed by the pass's predictions for the rest.
 * The last state is the fixed point. Autoregressive decoding is the special case n = 1: every
 * block has the states {@code [t], [t]} and one pass that accepts one token.
 *
 * <p>A block converges when a pass leaves the state unchanged, so for a greedy decode the last
 * two states are equal: the final pass verifies the fixed point (and predicts the next block's
 * first token). A cancelled decode may leave its last block short of n accepted tokens.
 *
 * <p>The arrays are shared, not copied: treat them as immutable.
 *
 * @param index          block number, from 0
 * @param start          offset of the block's first token in the generated output
 * @param states         passes + 1 states, each exactly n ids
 * @param acceptedPerPass tokens newly accepted (fast-forwarded) by each pass; sums to n
 * @param passNanos      wall time of each pass in nanoseconds (0 when unknown, e.g. imported)
 */
public record BlockTrajectory(int index, int start, List<int[]> states, int[] acceptedPerPass, long[] passNanos) {
    public BlockTrajectory {
        if (index < 0 || start < 0) {
            throw new IllegalArgumentException("block " + index + ": negative index or start (" + start + ")");
        }
        if (states == null || states.isEmpty()) {
            throw new IllegalArgumentException("block " + index + ": has no states");
        }
        states = Collections2.copyNonNull(states, "block " + index + ": state");
        int n = states.get(0).length;
        if (n == 0) {
            throw new IllegalArgumentException("block " + index + ": state 0 is empty");
        }
        for (int k = 0; k < states.size(); k++) {
            int[] state = states.get(k);
            if (state.length != n) {
                throw new IllegalArgumentException("block " + index + ": state " + k + " has " + state.length
                        + " ids but state 0 has " + n + " (all states of a block have its size)");
            }
            Ids.requireNonNegative(state, "block " + index + ", state " + k);
        }
        int passes = states.size() - 1;
        if (acceptedPerPass == null || acceptedPerPass.length != passes) {
            throw new IllegalArgumentException("block " + index + ": " + states.size() + " states need " + passes
                    + " accepted counts, got " + (acceptedPerPass == null ? "none" : acceptedPerPass.length));
        }
        if (passNanos == null || passNanos.length != passes) {
            throw new IllegalArgumentException("block " + index + ": " + states.size() + " states need " + passes
                    + " pass times, got " + (passNanos == null ? "none" : passNanos.length));
        }
        if ((long) start + n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block " + index + ": start " + start + " plus size " + n
                    + " overflows a position");
        }
        // Sums in long: int sums of hostile counts wrap negative and would pass the check below.
        long total = 0;
        long nanos = 0;
        for (int k = 0; k < passes; k++) {
            if (acceptedPerPass[k] < 0 || passNanos[k] < 0) {
                throw new IllegalArgumentException("block " + index + ", pass " + (k + 1)
                        + ": negative accepted count or pass time");
            }
            total += acceptedPerPass[k];
            nanos += passNanos[k];
            if (nanos < 0) {
                throw new IllegalArgumentException("block " + index + ": pass times add up past the largest time");
            }
        }
        if (total > n) {
            throw new IllegalArgumentException("block " + index + ": passes accept " + total
                    + " tokens in a block of " + n);
        }
    }

    /**
     * Builds a block from its states alone, deriving the accepted counts with
     * {@link #acceptedFromStates(List)}; pass times are unknown and recorded as 0.
     */
    public static BlockTrajectory fromStates(int index, int start, List<int[]> states) {
        return new BlockTrajectory(index, start, states, acceptedFromStates(states), new long[states.size() - 1]);
    }

    /**
     * Tokens newly accepted by each pass, recomputed from the states: after pass k the accepted
     * prefix reaches the first position where states k-1 and k differ (a position whose inputs
     * did not change gets the same greedy prediction again, so it can no longer change), and it
     * never shrinks. The last pass therefore completes the block only if the last two states are
     * equal, which a converged greedy trajectory guarantees.
     */
    public static int[] acceptedFromStates(List<int[]> states) {
        int[] accepted = new int[Math.max(0, states.size() - 1)];
        int acceptedTotal = 0;
        for (int k = 1; k < states.size(); k++) {
            int prefix = Math.max(acceptedTotal, commonPrefix(states.get(k - 1), states.get(k)));
            accepted[k - 1] = prefix - acceptedTotal;
            acceptedTotal = prefix;
        }
        return accepted;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int mismatch = Arrays.mismatch(a, b);
        return mismatch < 0 ? a.length : mismatch;
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

    /** Tokens accepted after {@code iteration} passes (0 before the first pass). */
    public int acceptedAfter(int iteration) {
        Objects.checkIndex(iteration, states.size());
        int total = 0;
        for (int k = 0; k < iteration; k++) {
            total += acceptedPerPass[k];
        }
        return total;
    }

    /** Tokens accepted by all passes together: n unless the decode was cancelled mid-block. */
    public int acceptedTotal() {
        return acceptedAfter(passes());
    }

    // Records compare arrays by identity; a trajectory is a value, so compare contents.
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BlockTrajectory other)) {
            return false;
        }
        if (index != other.index || start != other.start || states.size() != other.states.size()
                || !Arrays.equals(acceptedPerPass, other.acceptedPerPass)
                || !Arrays.equals(passNanos, other.passNanos)) {
            return false;
        }
        for (int k = 0; k < states.size(); k++) {
            if (!Arrays.equals(states.get(k), other.states.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(index, start, Arrays.hashCode(acceptedPerPass), Arrays.hashCode(passNanos));
        for (int[] state : states) {
            h = 31 * h + Arrays.hashCode(state);
        }
        return h;
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (int[] state : states) {
            shown.add(Arrays.toString(state));
        }
        return "BlockTrajectory[index=" + index + ", start=" + start + ", states=" + shown
                + ", acceptedPerPass=" + Arrays.toString(acceptedPerPass)
                + ", passNanos=" + Arrays.toString(passNanos) + "]";
    }
}
