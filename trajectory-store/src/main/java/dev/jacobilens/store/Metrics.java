package dev.jacobilens.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Metrics of a recording, computed from the recording alone, as the CLLM paper (Kou et al.,
 * "CLLMs: Consistency Large Language Models", 2024) defines them. For a block with states
 * s<sub>0</sub> (initial guess) ... s<sub>P</sub> and fixed point F = s<sub>P</sub>:
 * <ul>
 * <li><b>iterations to converge</b>: P, the block's forward passes;
 * <li><b>fast-forwarded tokens</b> of pass k: the tokens it newly accepts
 *     ({@code acceptedPerPass[k-1]}); more than one means the pass skipped ahead;
 * <li><b>stationary tokens</b> of pass k: positions j of s<sub>k</sub> that equal F[j] and keep
 *     that value in every later state s<sub>k+1</sub> ... s<sub>P</sub>, while some earlier
 *     position i &lt; j of s<sub>k</sub> is still wrong (s<sub>k</sub>[i] &ne; F[i]). The paper's
 *     "correctly predicted tokens that remain unaltered through subsequent iterations despite
 *     being preceded by inaccurate tokens". Since an earlier position is wrong, a stationary token
 *     is never in the accepted prefix;
 * <li><b>correct tokens</b> of pass k: positions of s<sub>k</sub> equal to F, accepted or not;
 * <li><b>mean accepted tokens per forward pass</b>: accepted tokens over block passes. The prompt
 *     pass is left out because it iterates no block; AR decoding scores exactly 1;
 * <li><b>forward passes</b>: the prompt pass plus every block's passes;
 * <li><b>speedup against AR</b>: see {@link Totals#passSpeedupEstimate()} (from the recording
 *     alone) and {@link #speedup(Recording, ArTiming)} (against a measured AR run).
 * </ul>
 */
public final class Metrics {
    private Metrics() {
    }

    /** Per-pass figures of a block, in pass order. */
    public static List<IterationMetrics> iterations(BlockTrajectory block) {
        List<IterationMetrics> result = new ArrayList<>(block.passes());
        int acceptedTotal = 0;
        for (int k = 1; k <= block.passes(); k++) {
            int accepted = block.acceptedPerPass()[k - 1];
            acceptedTotal += accepted;
            result.add(new IterationMetrics(block.index(), k, accepted, acceptedTotal,
                    count(stationary(block, k)), count(correct(block, k)), block.passNanos()[k - 1]));
        }
        return result;
    }

    public static BlockMetrics block(BlockTrajectory block) {
        return new BlockMetrics(block.index(), block.start(), block.size(), block.passes(), iterations(block));
    }

    public static List<BlockMetrics> blocks(Recording recording) {
        return recording.blocks().stream().map(Metrics::block).toList();
    }

    public static Totals totals(Recording recording) {
        int blockPasses = 0;
        int stationary = 0;
        long passNanos = 0;
        for (BlockMetrics b : blocks(recording)) {
            blockPasses += b.iterations();
            stationary += b.stationaryTotal();
            passNanos += b.wallNanos();
        }
        int tokens = recording.acceptedTokens();
        int blocks = recording.blocks().size();
        int passes = recording.forwardPasses();
        return new Totals(blocks, tokens, recording.outputIds().length, passes,
                blockPasses == 0 ? 0 : (double) tokens / blockPasses,
                blocks == 0 ? 0 : (double) blockPasses / blocks,
                stationary, (1.0 + tokens) / passes,
                recording.prefillNanos(), passNanos, recording.elapsedNanos());
    }

    /**
     * Speedup over a measured AR run (see {@link Speedup}); empty when there is no AR run or
     * either run produced no tokens.
     */
    public static Optional<Speedup> speedup(Recording recording, ArTiming ar) {
        int tokens = recording.acceptedTokens();
        if (ar == null || ar.tokens() == 0 || tokens == 0 || ar.forwardPasses() == 0) {
            return Optional.empty();
        }
        double passes = ((double) ar.forwardPasses() / ar.tokens()) / ((double) recording.forwardPasses() / tokens);
        OptionalDouble wall = ar.wallNanos() == 0 || recording.elapsedNanos() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(((double) ar.wallNanos() / ar.tokens())
                        / ((double) recording.elapsedNanos() / tokens));
        return Optional.of(new Speedup(passes, wall));
    }

    /**
     * The stationary positions of state k (0 = initial guess) as defined above.
     *
     * @throws IndexOutOfBoundsException unless 0 &le; k &le; passes
     */
    public static boolean[] stationary(BlockTrajectory block, int k) {
        int[] state = block.states().get(k);
        int[] fixed = block.fixedPoint();
        boolean[] result = new boolean[state.length];
        boolean earlierWrong = false;
        for (int j = 0; j < state.length; j++) {
            if (state[j] != fixed[j]) {
                earlierWrong = true;
            } else if (earlierWrong) {
                result[j] = staysFrom(block, k, j);
            }
        }
        return result;
    }

    private static boolean staysFrom(BlockTrajectory block, int k, int position) {
        int value = block.states().get(k)[position];
        for (int later = k + 1; later < block.states().size(); later++) {
            if (block.states().get(later)[position] != value) {
                return false;
            }
        }
        return true;
    }

    /** Positions of state k (0 = initial guess) equal to the fixed point. */
    public static boolean[] correct(BlockTrajectory block, int k) {
        int[] state = block.states().get(k);
        int[] fixed = block.fixedPoint();
        boolean[] result = new boolean[state.length];
        for (int j = 0; j < state.length; j++) {
            result[j] = state[j] == fixed[j];
        }
        return result;
    }

    /**
     * How each position of state k looks (0 = the initial guess, before any pass: nothing is
     * accepted yet). Positions before the tokens accepted by passes 1..k-1 are
     * {@link ChipState#ACCEPTED_LOCKED}; those pass k accepted are {@link ChipState#NEWLY_ACCEPTED};
     * the rest are stationary, correct or incorrect as defined above.
     *
     * @throws IndexOutOfBoundsException unless 0 &le; k &le; passes
     */
    public static ChipState[] chipStates(BlockTrajectory block, int k) {
        int lockedBefore = k == 0 ? 0 : block.acceptedAfter(k - 1);
        int acceptedNow = block.acceptedAfter(k);
        boolean[] stationary = stationary(block, k);
        boolean[] correct = correct(block, k);
        ChipState[] chips = new ChipState[block.size()];
        for (int j = 0; j < chips.length; j++) {
            if (j < lockedBefore) {
                chips[j] = ChipState.ACCEPTED_LOCKED;
            } else if (j < acceptedNow) {
                chips[j] = ChipState.NEWLY_ACCEPTED;
            } else if (stationary[j]) {
                chips[j] = ChipState.STATIONARY;
            } else if (correct[j]) {
                chips[j] = ChipState.CORRECT;
            } else {
                chips[j] = ChipState.INCORRECT;
            }
        }
        return chips;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }
}
