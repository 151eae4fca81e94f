package dev.jacobilens.store;

import java.util.List;

/**
 * The figures of one block; see {@link Metrics} for the definitions.
 *
 * @param block      block number, from 1 ({@link Metrics#blockNumber})
 * @param start      offset of the block in the output
 * @param size       block size n
 * @param iterations passes the block took to converge
 * @param perPass    one entry per pass, in order
 */
public record BlockMetrics(int block, int start, int size, int iterations, List<IterationMetrics> perPass) {
    public BlockMetrics {
        perPass = List.copyOf(perPass);
    }

    /** Stationary tokens summed over the block's passes. */
    public int stationaryTotal() {
        return perPass.stream().mapToInt(IterationMetrics::stationary).sum();
    }

    /** Wall time of the block's passes together. */
    public long wallNanos() {
        return perPass.stream().mapToLong(IterationMetrics::wallNanos).sum();
    }

    /** Most tokens a single pass accepted. */
    public int maxAccepted() {
        return perPass.stream().mapToInt(IterationMetrics::accepted).max().orElse(0);
    }
}
