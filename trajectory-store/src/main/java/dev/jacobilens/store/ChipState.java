package dev.jacobilens.store;

/**
 * How one position of a block looks in the state after a given pass; the app colours its token
 * chips by this. Exactly one applies, in this order of precedence.
 */
public enum ChipState {
    /**
     * After the end of the output (past the first EOS, or past the token budget): the block
     * converged over it, but it is not part of the output and no figure counts it.
     */
    AFTER_END,
    /** In the prefix already accepted before this pass: final, shown locked. */
    ACCEPTED_LOCKED,
    /** Accepted by this pass (fast-forwarded). */
    NEWLY_ACCEPTED,
    /** Equals the fixed point and stays so to the end, though an earlier position is still wrong. */
    STATIONARY,
    /** Equals the fixed point but is not accepted yet (and is not stationary). */
    CORRECT,
    /** Differs from the fixed point. */
    INCORRECT
}
