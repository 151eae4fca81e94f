package dev.jacobilens.store;

/**
 * The figures of one pass (iteration) of one block; see {@link Metrics} for the definitions.
 *
 * @param block         block number, from 1 ({@link Metrics#blockNumber})
 * @param iteration     pass number within the block, from 1
 * @param accepted      output tokens newly accepted (fast-forwarded) by this pass
 * @param acceptedTotal output tokens of the block accepted so far, this pass included
 * @param stationary    stationary tokens in the state after this pass
 * @param correct       positions equal to the fixed point after this pass, accepted ones included
 * @param wallNanos     wall time of the pass (0 when unknown)
 */
public record IterationMetrics(int block, int iteration, int accepted, int acceptedTotal, int stationary,
                               int correct, long wallNanos) {
}
