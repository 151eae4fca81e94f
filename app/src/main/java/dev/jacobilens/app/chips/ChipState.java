package dev.jacobilens.app.chips;

/**
 * What one position of a Jacobi block shows at one iteration: the trajectory store's chip
 * states (same names, same meaning; see {@code dev.jacobilens.store.Metrics}) plus PENDING,
 * which only a live decode needs. Precedence is top to bottom.
 */
public enum ChipState {
    /** After the end (EOS) of the output: the block converged over it, but it is not output. */
    AFTER_END("after end", "after the end (EOS): not part of the output"),
    /** In the converged prefix, accepted by an earlier pass. */
    ACCEPTED_LOCKED("locked", "accepted earlier"),
    /** Accepted (fast-forwarded) by this very pass. */
    NEWLY_ACCEPTED("new", "accepted now"),
    /** Equals the fixed point and keeps that token to the end, though an earlier position is wrong. */
    STATIONARY("stationary", "stays right behind a wrong token"),
    /** Equals the fixed point but is neither accepted nor stationary. */
    CORRECT("correct", "right for now"),
    /** Differs from the fixed point. */
    INCORRECT("incorrect", "wrong"),
    /** The block has not converged yet, so its fixed point is unknown (live decoding only). */
    PENDING("pending", "not converged yet");

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
