package dev.jacobilens.app.chips;

/**
 * How chips are coloured. DETAILED gives each state its own colour (Okabe–Ito, with border
 * patterns as a second cue); PAPER is the CLLM paper's two colours, blue for tokens that are
 * right (equal to the block's fixed point) and red for wrong ones, keeping the border patterns
 * so accepted, fast-forwarded and stationary tokens can still be told apart.
 */
public enum ChipScheme {
    DETAILED("Detailed colours"),
    PAPER("Paper colours");

    static final String PAPER_BLUE = "#1F5FBF";
    static final String PAPER_RED = "#D22B2B";

    private final String title;

    ChipScheme(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public ChipStyle style(ChipState state) {
        ChipStyle detailed = ChipStyle.of(state);
        if (this == DETAILED || !judgedAgainstFixedPoint(state)) {
            return detailed;
        }
        String fill = state == ChipState.INCORRECT ? PAPER_RED : PAPER_BLUE;
        String border = state == ChipState.INCORRECT ? "#6E1010" : "#0B2E66";
        return new ChipStyle(fill, "#FFFFFF", border, detailed.borderWidth(), detailed.dashes(), detailed.underline());
    }

    /** States that say whether a token equals the fixed point; the rest keep their own look. */
    private static boolean judgedAgainstFixedPoint(ChipState state) {
        return switch (state) {
            case ACCEPTED_LOCKED, NEWLY_ACCEPTED, STATIONARY, CORRECT, INCORRECT -> true;
            default -> false;
        };
    }
}
