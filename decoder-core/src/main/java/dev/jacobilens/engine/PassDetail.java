package dev.jacobilens.engine;

/**
 * What a lookahead or speculative target pass put into the model besides the block it
 * accepted, for a viewer to draw. Lookahead and speculative decoding record each target pass
 * as a block of the tokens it accepted (states [accepted, accepted], one pass), exactly as AR
 * records a block of one token; this detail carries the rest.
 */
public sealed interface PassDetail {

    /**
     * A lookahead pass (Fu et al. 2024).
     *
     * @param window         the lookahead branch as it went into the pass: N−1 levels of W tokens
     *                       (level 0 column 0 is the current token)
     * @param nextWindow     the window after the pass (levels shifted up, the new top level from
     *                       the pass's predictions)
     * @param candidates     the n-grams verified in this pass (each N tokens, the first the current token)
     * @param acceptedCandidate index into candidates of the n-gram whose tokens were accepted, -1 if
     *                       none matched beyond the current token
     * @param poolSize       n-grams in the pool after this pass's harvest
     */
    record Lookahead(int[][] window, int[][] nextWindow, int[][] candidates, int acceptedCandidate, int poolSize)
            implements PassDetail {
    }

    /**
     * A speculative pass (Leviathan et al. 2023; Chen et al. 2023): the draft model proposed
     * {@code draft} after the current token in {@code draftPasses} of its own forward passes;
     * the target verified them in this one pass.
     *
     * @param draft          the draft's proposal (k tokens after the current token)
     * @param verified       the target's greedy prediction after the current token and after each
     *                       draft token (k + 1 tokens)
     * @param acceptedDraft  draft tokens accepted (the leading run where draft equals verified)
     * @param draftPasses    the draft model's forward passes spent on this proposal
     */
    record Speculative(int[] draft, int[] verified, int acceptedDraft, int draftPasses) implements PassDetail {
    }
}
