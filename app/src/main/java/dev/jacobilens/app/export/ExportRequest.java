package dev.jacobilens.app.export;

import dev.jacobilens.app.playback.SyncMode;
import dev.jacobilens.app.trace.LaneTrace;

/**
 * A comparison as the exports need it, captured on the FX thread and then used on a worker.
 *
 * @param framesPerSecond playback speed, which sets the GIF's frame delay
 */
public record ExportRequest(String prompt, LaneTrace standard, String standardModel, LaneTrace consistency,
                            String consistencyModel, SyncMode mode, double framesPerSecond) {
}
