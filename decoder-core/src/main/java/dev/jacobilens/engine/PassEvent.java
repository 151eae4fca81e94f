package dev.jacobilens.engine;

import dev.jacobilens.store.PassCandidates;

/**
 * One forward pass of a decoder, as it happens. Autoregressive decoding reports blocks of one
 * token. The prompt pass is not reported: it precedes block 0.
 *
 * @param block      block number, from 0
 * @param iteration  pass number within the block, from 1
 * @param blockStart offset of the block's first token in the generated output
 * @param before     the whole block before this pass (n ids)
 * @param after      the whole block after this pass (n ids); equals the fixed point when converged
 * @param accepted   tokens newly accepted by this pass (at least 1)
 * @param acceptedTotal tokens of the block accepted so far, this pass included
 * @param converged  whether the block reached its fixed point with this pass
 * @param wallNanos  wall time of the pass
 * @param detail     what a lookahead, speculative or tree pass verified beyond the block (window,
 *                   pool n-grams, draft proposal), exactly as the recording keeps it; null for AR
 *                   and Jacobi passes
 */
public record PassEvent(int block, int iteration, int blockStart, int[] before, int[] after, int accepted,
                        int acceptedTotal, boolean converged, long wallNanos, PassCandidates detail) {
    /** An AR or Jacobi pass, which has no detail beyond its block. */
    public PassEvent(int block, int iteration, int blockStart, int[] before, int[] after, int accepted,
                     int acceptedTotal, boolean converged, long wallNanos) {
        this(block, iteration, blockStart, before, after, accepted, acceptedTotal, converged, wallNanos, null);
    }
}
