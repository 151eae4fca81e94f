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

    /**
     * A Medusa pass (Cai et al. 2024): the candidate tree verified in this one pass.
     *
     * @param tokens       each node's token; node 0 is the root (the current token)
     * @param parents      each node's parent node (-1 for the root)
     * @param ranks        each node's rank in its head's list (0 = the head's most likely token; -1 for
     *                     the root). Node depth d took its token from head d − 1
     * @param predicted    the base model's greedy prediction after each node
     * @param acceptedPath the nodes accepted, root first
     */
    record Medusa(int[] tokens, int[] parents, int[] ranks, int[] predicted, int[] acceptedPath) implements PassDetail {
        /** The head that proposed a node's token (-1 for the root): its depth minus one. */
        public int head(int node) {
            int depth = 0;
            for (int n = node; parents[n] >= 0; n = parents[n]) {
                depth++;
            }
            return depth - 1;
        }
    }
}
