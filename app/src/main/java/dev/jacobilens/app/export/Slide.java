package dev.jacobilens.app.export;

import dev.jacobilens.app.lanes.LaneSnapshot;

/**
 * One frame of the comparison as a slide: the prompt and both lanes.
 *
 * @param prompt           the prompt, shown in the header
 * @param caption          the frame's place in the run ("frame 12 of 40 · sync by forward pass")
 * @param standardModel    the standard lane's model line
 * @param standard         what the standard lane shows
 * @param consistencyModel the consistency lane's model line
 * @param consistency      what the consistency lane shows
 */
public record Slide(String prompt, String caption, String standardModel, LaneSnapshot standard,
                    String consistencyModel, LaneSnapshot consistency) {
}
