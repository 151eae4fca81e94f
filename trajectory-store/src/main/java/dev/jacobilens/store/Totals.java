package dev.jacobilens.store;

/**
 * Whole-recording figures; see {@link Metrics} for the definitions. Every per-token figure
 * counts output tokens (up to and including the first EOS), never tokens accepted after it.
 *
 * @param blocks               blocks recorded
 * @param outputTokens         tokens of the output, EOS included
 * @param forwardPasses        passes as made: the prompt pass plus every block's passes
 * @param tokensPerPass        outputTokens / forwardPasses
 * @param iterationsPerBlock   block passes / blocks
 * @param meanAcceptedPerPass  output tokens per block pass (the prompt pass excluded): 1.0 for AR
 * @param acceptedTokens       tokens accepted by all passes, those after the end included (shown
 *                             only to explain the difference; no figure divides by it)
 * @param stationaryTokens     stationary output positions summed over all passes
 * @param passSpeedupEstimate  forward passes an AR decode of the same output would take (one
 *                             prompt pass plus one per output token), divided by {@code forwardPasses}
 * @param prefillNanos         wall time of the prompt pass
 * @param passNanos            wall time of all block passes
 * @param elapsedNanos         wall time of the whole decode
 */
public record Totals(int blocks, int outputTokens, int forwardPasses, double tokensPerPass, double iterationsPerBlock,
                     double meanAcceptedPerPass, int acceptedTokens, int stationaryTokens,
                     double passSpeedupEstimate, long prefillNanos, long passNanos, long elapsedNanos) {
}
