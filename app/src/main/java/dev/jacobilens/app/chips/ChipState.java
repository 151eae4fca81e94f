package dev.jacobilens.app.chips;

/**
 * What one position of a Jacobi block shows at one iteration, in the terms of the CLLM paper.
 * Precedence is top to bottom: a position in the accepted prefix is LOCKED or NEWLY_ACCEPTED
 * whatever its token, and only the rest are judged against the fixed point.
 */
public enum ChipState {
    /** In the converged prefix, accepted by an earlier pass. */
    ACCEPTED_LOCKED("locked", "accepted earlier"),
    /** Accepted (fast-forwarded) by this very pass. */
    NEWLY_ACCEPTED("new", "accepted by this pass"),
    /** Already equals the fixed point and keeps that token until it is accepted. */
    STATIONARY("stationary", "right, stays right"),
    /** Equals the fixed point now but changes again before it is accepted. */
    CORRECT("correct", "right, changes later"),
    /** Differs from the fixed point. */
    INCORRECT("incorrect", "wrong"),
    /** The block has not converged yet, so its fixed point is unknown (live decoding only). */
    PENDING("pending", "block not converged");

    private final String label;
    private final String meaning;

    ChipState(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }
}
