package dev.jacobilens.app.plots;

/** One point of a plot series. */
public record PlotPoint(double x, double y) {
}
