package dev.jacobilens.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Metrics of a recording, computed from the recording alone, as the CLLM paper (Kou et al.,
 * "CLLMs: Consistency Large Language Models", 2024) defines them. Every figure the store, the
 * CLI and the app show comes from here.
 *
 * <p><b>The output</b> of a run is its tokens up to and including the first EOS (or up to the
 * token budget): {@link Recording#outputIds()}. A Jacobi block that holds the EOS still
 * converges over its whole width, so it accepts tokens <em>after the end</em>; they are not
 * output, are shown as {@link ChipState#AFTER_END}, and no figure counts them. Every per-token
 * figure divides by output tokens, never by accepted tokens.
 *
 * <p><b>Numbering</b>, the same everywhere (CSV, inspect, decode --json, bench, the app):
 * blocks are numbered from 1 ({@link #blockNumber}); a block's iterations from 1, iteration 0
 * being the initial guess, before any pass; forward passes from 1, pass 1 being the prompt pass
 * ({@link #passNumber}).
 *
 * <p>For a block with states s<sub>0</sub> (initial guess) ... s<sub>P</sub> and fixed point
 * F = s<sub>P</sub>, counting only the block's output positions:
 * <ul>
 * <li><b>iterations to converge</b>: P, the block's forward passes;
 * <li><b>fast-forwarded tokens</b> of pass k: the output tokens it newly accepts; more than one
 *     means the pass skipped ahead;
 * <li><b>stationary tokens</b> of pass k: positions j of s<sub>k</sub> that equal F[j] and keep
 *     that value in every later state s<sub>k+1</sub> ... s<sub>P</sub>, while some earlier
 *     position i &lt; j of s<sub>k</sub> is still wrong (s<sub>k</sub>[i] &ne; F[i]). The paper's
 *     "correctly predicted tokens that remain unaltered through subsequent iterations despite
 *     being preceded by inaccurate tokens". Since an earlier position is wrong, a stationary token
 *     is never in the accepted prefix;
 * <li><b>correct tokens</b> of pass k: positions of s<sub>k</sub> equal to F, accepted or not.
 * </ul>
 * And for the whole run ({@link Totals}):
 * <ul>
 * <li><b>output tokens</b>: {@link #outputTokens};
 * <li><b>forward passes</b>, as made: the prompt pass plus every block's passes (a pass is
 *     counted even when what it accepted lies after the end; AR decoding makes one pass per
 *     output token, EOS included, plus the prompt pass);
 * <li><b>tokens per pass</b>: output tokens / forward passes;
 * <li><b>iterations per block</b>: block passes / blocks;
 * <li><b>mean accepted tokens per block pass</b>: output tokens / block passes (the prompt pass
 *     left out because it iterates no block); AR decoding scores exactly 1;
 * <li><b>speedup against AR</b>: {@link Totals#passSpeedupEstimate()} (from the recording alone)
 *     and {@link #speedup(Recording, ArTiming)} (against a measured AR run), both by output tokens.
 * </ul>
 */
public final class Metrics {
    private Metrics() {
    }

    /** Tokens of the run's output: up to and including the first EOS (see above). */
    public static int outputTokens(Recording recording) {
        return recording.outputIds().length;
    }

    /**
     * How many of the block's positions, from its first, belong to the output: its size for a
     * block wholly inside the output, fewer for the block that holds the EOS, 0 past the end.
     */
    public static int outputPositions(Recording recording, BlockTrajectory block) {
        return Math.max(0, Math.min(block.size(), outputTokens(recording) - block.start()));
    }

    /** The block's number as shown everywhere: from 1. */
    public static int blockNumber(BlockTrajectory block) {
        return block.index() + 1;
    }

    /**
     * The run-wide number of iteration {@code iteration} (from 1) of a block of the recording:
     * pass 1 is the prompt pass, so the first block's first iteration is pass 2.
     *
     * @throws IllegalArgumentException if the block is not the recording's or the iteration is
     *                                  not one of its passes
     */
    public static int passNumber(Recording recording, BlockTrajectory block, int iteration) {
        if (iteration < 1 || iteration > block.passes()) {
            throw new IllegalArgumentException("block " + blockNumber(block) + " has no iteration " + iteration
                    + " (it has " + block.passes() + ")");
        }
        int passes = 1;
        for (BlockTrajectory b : recording.blocks()) {
            if (b.equals(block)) {
                return passes + iteration;
            }
            passes += b.passes();
        }
        throw new IllegalArgumentException("block " + blockNumber(block) + " is not one of the recording's");
    }

    /** Per-pass figures of a block, in pass order, counting all its positions as output. */
    public static List<IterationMetrics> iterations(BlockTrajectory block) {
        return iterations(block, block.size());
    }

    /** Per-pass figures of a block, in pass order, counting its first {@code outputPositions} only. */
    public static List<IterationMetrics> iterations(BlockTrajectory block, int outputPositions) {
        List<IterationMetrics> result = new ArrayList<>(block.passes());
        int before = 0;
        for (int k = 1; k <= block.passes(); k++) {
            int total = Math.min(outputPositions, block.acceptedAfter(k));
            result.add(new IterationMetrics(blockNumber(block), k, total - before, total,
                    count(stationary(block, k), outputPositions), count(correct(block, k), outputPositions),
                    block.passNanos()[k - 1]));
            before = total;
        }
        return result;
    }

    public static BlockMetrics block(BlockTrajectory block) {
        return block(block, block.size());
    }

    private static BlockMetrics block(BlockTrajectory block, int outputPositions) {
        return new BlockMetrics(blockNumber(block), block.start(), block.size(), block.passes(),
                iterations(block, outputPositions));
    }

    /** Every block's figures, counting output positions only. */
    public static List<BlockMetrics> blocks(Recording recording) {
        return recording.blocks().stream().map(b -> block(b, outputPositions(recording, b))).toList();
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
        int output = outputTokens(recording);
        int blocks = recording.blocks().size();
        int passes = recording.forwardPasses();
        return new Totals(blocks, output, passes, (double) output / passes,
                blocks == 0 ? 0 : (double) blockPasses / blocks,
                blockPasses == 0 ? 0 : (double) output / blockPasses,
                recording.acceptedTokens(), stationary, (1.0 + output) / passes,
                recording.prefillNanos(), passNanos, recording.elapsedNanos());
    }

    /**
     * Speedup over a measured AR run (see {@link Speedup}), both sides per output token; empty
     * when there is no AR run or either run produced no tokens.
     */
    public static Optional<Speedup> speedup(Recording recording, ArTiming ar) {
        int tokens = outputTokens(recording);
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

    /** As {@link #chipStates(BlockTrajectory, int, int)} with every position part of the output. */
    public static ChipState[] chipStates(BlockTrajectory block, int k) {
        return chipStates(block, k, block.size());
    }

    /**
     * How each position of state k looks (0 = the initial guess, before any pass: nothing is
     * accepted yet). Positions from {@code outputPositions} on lie after the end and are
     * {@link ChipState#AFTER_END} (see {@link #outputPositions}); of the others, those before the
     * tokens accepted by passes 1..k-1 are {@link ChipState#ACCEPTED_LOCKED}, those pass k accepted
     * are {@link ChipState#NEWLY_ACCEPTED}, the rest are stationary, correct or incorrect as
     * defined above.
     *
     * @throws IndexOutOfBoundsException unless 0 &le; k &le; passes
     */
    public static ChipState[] chipStates(BlockTrajectory block, int k, int outputPositions) {
        int lockedBefore = k == 0 ? 0 : block.acceptedAfter(k - 1);
        int acceptedNow = block.acceptedAfter(k);
        boolean[] stationary = stationary(block, k);
        boolean[] correct = correct(block, k);
        ChipState[] chips = new ChipState[block.size()];
        for (int j = 0; j < chips.length; j++) {
            if (j >= outputPositions) {
                chips[j] = ChipState.AFTER_END;
            } else if (j < lockedBefore) {
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

    private static int count(boolean[] flags, int limit) {
        int n = 0;
        for (int j = 0; j < Math.min(limit, flags.length); j++) {
            if (flags[j]) {
                n++;
            }
        }
        return n;
    }

    /**
     * Blocks a forward pass refined: 1 (its own block) plus the later blocks in flight that a
     * multi-block pass carries as {@link PassCandidates.Role#BLOCK} candidates; 1 for a pass
     * without candidates (null).
     */
    public static int blocksInFlight(PassCandidates pass) {
        return pass == null ? 1 : 1 + pass.inRole(PassCandidates.Role.BLOCK).size();
    }

    /**
     * Tokens a pass accepted from pool n-grams ({@link PassCandidates.Role#NGRAM}: lookahead's
     * verification branch, multi-block's recycled n-grams) beyond the current token each starts
     * with; 0 for a pass without candidates.
     */
    public static int ngramTokensAccepted(PassCandidates pass) {
        if (pass == null) {
            return 0;
        }
        int total = 0;
        for (PassCandidates.Candidate c : pass.inRole(PassCandidates.Role.NGRAM)) {
            total += Math.max(0, c.accepted() - 1);
        }
        return total;
    }

    /** {@link #ngramTokensAccepted} summed over a recording's passes. */
    public static int ngramTokensAccepted(Recording recording) {
        int total = 0;
        for (PassCandidates c : recording.passCandidates()) {
            total += ngramTokensAccepted(c);
        }
        return total;
    }

    /** {@link #blocksInFlight} averaged over the recording's block passes (the prompt pass left out); 0 without any. */
    public static double meanBlocksInFlight(Recording recording) {
        long passes = 0;
        for (BlockTrajectory b : recording.blocks()) {
            passes += b.passes();
        }
        long blocks = passes;
        for (PassCandidates c : recording.passCandidates()) {
            blocks += c.inRole(PassCandidates.Role.BLOCK).size();
        }
        return passes == 0 ? 0 : (double) blocks / passes;
    }
}
