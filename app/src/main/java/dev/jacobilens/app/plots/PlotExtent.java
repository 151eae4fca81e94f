package dev.jacobilens.app.plots;

import java.util.List;

/**
 * How far a chart's axes reach: the whole runs' largest x and y, so the axes are fixed while
 * playback draws the lines (they neither jump at every step nor show a meaningless 0–100 when
 * nothing is drawn yet). Zero means unknown: the chart ranges itself.
 */
public record PlotExtent(double xMax, double yMax) {
    public static final PlotExtent UNKNOWN = new PlotExtent(0, 0);

    static PlotExtent of(List<PlotPoint> a, List<PlotPoint> b) {
        double x = 0;
        double y = 0;
        for (List<PlotPoint> points : List.of(a, b)) {
            for (PlotPoint p : points) {
                x = Math.max(x, p.x());
                y = Math.max(y, p.y());
            }
        }
        return new PlotExtent(x, y);
    }

    /** A round upper bound at or above {@code value}, for axis ticks at 1, 2 or 5 times a power of ten. */
    public static double niceCeiling(double value) {
        double tick = niceTick(value);
        return Math.max(tick, Math.ceil(value / tick) * tick);
    }

    /** A tick spacing giving about five ticks up to {@code value}. */
    public static double niceTick(double value) {
        if (value <= 5) {
            return 1;
        }
        double raw = value / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double scaled = raw / power;
        double nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
        return nice * power;
    }
}
