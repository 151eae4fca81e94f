package dev.jacobilens.store;

import java.util.OptionalDouble;

/**
 * Speedup of a Jacobi recording over a measured AR run of the same prompt. Both are per token
 * (AR passes per AR token over Jacobi passes per Jacobi token, likewise for time), so the
 * figures stay fair if one run stopped a few tokens earlier; for equal token counts they are
 * plain ratios of passes and of wall time.
 *
 * @param forwardPasses speedup in forward passes
 * @param wallTime      speedup in wall time; empty when either run has no wall time (imported data)
 */
public record Speedup(double forwardPasses, OptionalDouble wallTime) {
}
