package dev.jacobilens.app.chips;

/**
 * The paper's words for each chip state (Kou et al., 2024): what the legend, the tooltips and
 * the "What am I seeing?" panel call it. Kept apart from {@link ChipState} so the words can
 * change without touching the states the store defines.
 */
public final class ChipWords {
    private ChipWords() {
    }

    /** The order a legend lists the states in: the story of a token, then the special cases. */
    public static final java.util.List<ChipState> LEGEND_ORDER = java.util.List.of(ChipState.ACCEPTED_LOCKED,
            ChipState.NEWLY_ACCEPTED, ChipState.STATIONARY, ChipState.CORRECT, ChipState.INCORRECT,
            ChipState.AFTER_END, ChipState.PENDING);

    /** The short name a legend shows. */
    public static String name(ChipState state) {
        return switch (state) {
            case ACCEPTED_LOCKED -> "accepted";
            case NEWLY_ACCEPTED -> "fast-forwarded";
            case STATIONARY -> "stationary";
            case CORRECT -> "correct";
            case INCORRECT -> "wrong";
            case PENDING -> "pending";
            case AFTER_END -> "after the end";
        };
    }

    /** One line on what the state means. */
    public static String meaning(ChipState state) {
        return switch (state) {
            case ACCEPTED_LOCKED -> "fixed by an earlier pass";
            case NEWLY_ACCEPTED -> "accepted by this pass";
            case STATIONARY -> "right, and stays right behind a wrong token";
            case CORRECT -> "right for now, may still change";
            case INCORRECT -> "differs from the fixed point";
            case PENDING -> "block not converged yet";
            case AFTER_END -> "after EOS: not part of the output";
        };
    }
}
