package dev.jacobilens.store;

/**
 * A decode loop's wall time per forward pass beside a bare forward's time for the same passes
 * (each bare forward over the same number of new tokens on a cache of the same length), and the
 * loop's overhead over the bare forward: {@code loop per pass / forward per pass − 1}. The loop's
 * time runs from the end of the prompt pass to the end of the decode, so it holds everything a
 * decoder does between passes (argmax, host copies, cache updates, bookkeeping); the prompt pass
 * is in neither.
 *
 * @param loopNanos     the decode loops' wall time, prompt passes excluded
 * @param loopPasses    the forward passes those loops made, prompt passes excluded
 * @param forwardNanos  the bare forwards' wall time
 * @param forwardPasses the bare forwards timed
 */
public record LoopTiming(long loopNanos, long loopPasses, long forwardNanos, long forwardPasses) {
    public LoopTiming {
        if (loopNanos < 0 || loopPasses < 0 || forwardNanos < 0 || forwardPasses < 0) {
            throw new IllegalArgumentException("loop timing: negative time or passes");
        }
    }

    /** The loop's mean wall time per pass, in microseconds; NaN without passes. */
    public double loopMicrosPerPass() {
        return loopPasses == 0 ? Double.NaN : loopNanos / 1e3 / loopPasses;
    }

    /** The bare forward's mean wall time per pass, in microseconds; NaN without passes. */
    public double forwardMicrosPerPass() {
        return forwardPasses == 0 ? Double.NaN : forwardNanos / 1e3 / forwardPasses;
    }

    /** Loop time per pass over bare forward time per pass, minus 1 (0.10: 10% over); NaN without passes. */
    public double overhead() {
        return loopMicrosPerPass() / forwardMicrosPerPass() - 1;
    }

    /** Both sums of two timings. */
    public LoopTiming plus(LoopTiming o) {
        return new LoopTiming(loopNanos + o.loopNanos, loopPasses + o.loopPasses, forwardNanos + o.forwardNanos,
                forwardPasses + o.forwardPasses);
    }
}
