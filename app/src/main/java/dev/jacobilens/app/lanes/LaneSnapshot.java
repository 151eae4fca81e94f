package dev.jacobilens.app.lanes;

/**
 * What a lane shows at one frame, as plain data: the screen, the PNG and the GIF all draw this.
 *
 * @param generatedText the output accepted so far
 * @param positionText  "block b · iteration k · forward pass p"
 * @param chips         the current block at the current iteration
 * @param grid          the current block's trajectory so far
 * @param finished      whether this is the lane's last pass
 */
public record LaneSnapshot(String generatedText, String positionText, ChipRow chips, TrajectoryGrid grid,
                           boolean finished) {
}
