package dev.jacobilens.app.lanes;

/**
 * What a lane shows at one frame, as plain data: the screen, the PNG and the GIF all draw this.
 *
 * @param generatedText the output accepted so far (up to and including EOS, which is not drawn)
 * @param positionText  "block b of B · iteration k of K · forward pass p of P"
 * @param chips         the current block at the current iteration
 * @param grid          the current block's trajectory so far
 * @param finished      whether this is the lane's last pass
 * @param forwardPasses forward passes made so far, the prompt pass included (0 before any)
 * @param outputTokens  output tokens fixed so far (never more than the run's output)
 * @param badge         what the current pass did, in the paper's words ("+9 fast-forwarded")
 * @param gridTitle     what the grid shows: the block's trajectory, or a lookahead or
 *                      speculative pass's inputs
 * @param methodText    what a lookahead or speculative pass did (window, pool, draft); empty for
 *                      AR and Jacobi
 */
public record LaneSnapshot(String generatedText, String positionText, ChipRow chips, TrajectoryGrid grid,
                           boolean finished, int forwardPasses, int outputTokens, String badge, String gridTitle,
                           String methodText) {
    public static final String TRAJECTORY_TITLE =
            "This block's trajectory: row 0 is the guess, row k the block after iteration k";

    public static LaneSnapshot empty(String positionText) {
        return new LaneSnapshot("", positionText, ChipRow.EMPTY, TrajectoryGrid.EMPTY, false, 0, 0, "",
                TRAJECTORY_TITLE, "");
    }
}
