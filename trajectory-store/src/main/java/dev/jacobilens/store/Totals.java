package dev.jacobilens.store;

/**
 * Whole-recording figures; see {@link Metrics} for the definitions.
 *
 * @param blocks               blocks recorded
 * @param acceptedTokens       tokens accepted by all passes (before trimming at EOS)
 * @param outputTokens         tokens in the trimmed output
 * @param forwardPasses        the prompt pass plus every block's passes
 * @param meanAcceptedPerPass  accepted tokens per block pass (the prompt pass excluded): 1.0 for AR
 * @param meanIterationsPerBlock passes per block
 * @param stationaryTokens     stationary tokens summed over all passes
 * @param passSpeedupEstimate  forward passes an AR decode of the same tokens would take (one
 *                             prompt pass plus one per token), divided by {@code forwardPasses}
 * @param prefillNanos         wall time of the prompt pass
 * @param passNanos            wall time of all block passes
 * @param elapsedNanos         wall time of the whole decode
 */
public record Totals(int blocks, int acceptedTokens, int outputTokens, int forwardPasses,
                     double meanAcceptedPerPass, double meanIterationsPerBlock, int stationaryTokens,
                     double passSpeedupEstimate, long prefillNanos, long passNanos, long elapsedNanos) {
}
