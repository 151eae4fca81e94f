package dev.jacobilens.app.plots;

import dev.jacobilens.app.trace.PassPosition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import dev.jacobilens.store.SpeedupText;

import dev.jacobilens.app.playback.Frame;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Recording;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;

/** The metric panels: three charts per lane and the speedup panel. */
public final class PlotsViewModel {
    private final LaneSeries standard = new LaneSeries();
    private final LaneSeries consistency = new LaneSeries();
    private final ReadOnlyStringWrapper standardSpeedup = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper consistencySpeedup = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper headToHead = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper standardHeadline = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PlotExtent> iterationsExtent = new ReadOnlyObjectWrapper<>(PlotExtent.UNKNOWN);
    private final ReadOnlyObjectWrapper<PlotExtent> acceptedExtent = new ReadOnlyObjectWrapper<>(PlotExtent.UNKNOWN);
    private final ReadOnlyObjectWrapper<PlotExtent> cumulativeExtent = new ReadOnlyObjectWrapper<>(PlotExtent.UNKNOWN);
    private final ReadOnlyStringWrapper consistencyHeadline = new ReadOnlyStringWrapper("");

    /** Charts follow the frame: they show what has been played so far. */
    public void showFrame(LaneTrace standardTrace, LaneTrace consistencyTrace, Frame frame) {
        update(standard, standardTrace, frame == null ? null : frame.standard());
        update(consistency, consistencyTrace, frame == null ? null : frame.consistency());
    }

    /** The speedup panel describes whole runs, so it changes only when runs finish or are opened. */
    public void showRuns(LaneTrace standardTrace, ArTiming standardAr, LaneTrace consistencyTrace, ArTiming consistencyAr) {
        standardSpeedup.set(describe(standardTrace, standardAr));
        consistencySpeedup.set(describe(consistencyTrace, consistencyAr));
        standardHeadline.set(headline(standardTrace, standardAr));
        PassPosition standardEnd = standardTrace.position(standardTrace.passCount());
        PassPosition consistencyEnd = consistencyTrace.position(consistencyTrace.passCount());
        iterationsExtent.set(PlotExtent.of(LaneMetrics.iterationsPerBlock(standardTrace, standardEnd),
                LaneMetrics.iterationsPerBlock(consistencyTrace, consistencyEnd)));
        acceptedExtent.set(PlotExtent.of(LaneMetrics.acceptedPerPass(standardTrace, standardEnd),
                LaneMetrics.acceptedPerPass(consistencyTrace, consistencyEnd)));
        cumulativeExtent.set(PlotExtent.of(LaneMetrics.cumulativeTokens(standardTrace, standardEnd),
                LaneMetrics.cumulativeTokens(consistencyTrace, consistencyEnd)));
        consistencyHeadline.set(headline(consistencyTrace, consistencyAr));
        Recording s = standardTrace.recording();
        Recording c = consistencyTrace.recording();
        if (s != null && c != null) {
            headToHead.set(String.format(Locale.ROOT, "Consistency: %s than standard (%d vs %d)",
                    SpeedupText.passes(s.forwardPasses() / (double) c.forwardPasses()), c.forwardPasses(),
                    s.forwardPasses()));
        } else {
            headToHead.set("");
        }
    }

    static String describe(LaneTrace trace, ArTiming ar) {
        Recording recording = trace.recording();
        if (recording == null) {
            return trace.isLive() ? "decoding…" : "no run";
        }
        String device = dev.jacobilens.store.DeviceNames.shown(recording.settings().device());
        String run = String.format(Locale.ROOT, "%d tokens · %d forward passes · %s on %s",
                recording.outputIds().length, recording.forwardPasses(), millis(recording.elapsedNanos()), device);
        Speedup speedup = LaneMetrics.speedup(recording, ar);
        if (speedup == null) {
            return run + "\nno AR reference recorded, so no speedup";
        }
        String arDevice = speedup.device().equals(speedup.arDevice()) ? "" : " (AR ran on " + speedup.arDevice() + ")";
        return run + "\nvs AR: " + SpeedupText.passes(speedup.passes()) + " · "
                + (Double.isNaN(speedup.wallTime()) ? "wall time not recorded" : SpeedupText.wallTime(speedup.wallTime()))
                + arDevice;
    }

    /** The panel's one line for a lane: the speedups alone; {@link #describe} has the details. */
    static String headline(LaneTrace trace, ArTiming ar) {
        Recording recording = trace.recording();
        if (recording == null) {
            return trace.isLive() ? "decoding…" : "no run";
        }
        Speedup speedup = LaneMetrics.speedup(recording, ar);
        if (speedup == null) {
            return recording.forwardPasses() + " passes · no AR reference";
        }
        return SpeedupText.passes(speedup.passes()) + "\n" + (Double.isNaN(speedup.wallTime()) ? "wall time not recorded"
                : SpeedupText.wallTime(speedup.wallTime()) + " in wall time");
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static void update(LaneSeries series, LaneTrace trace, dev.jacobilens.app.trace.PassPosition at) {
        series.update(LaneMetrics.iterationsPerBlock(trace, at), LaneMetrics.acceptedPerPass(trace, at),
                LaneMetrics.cumulativeTokens(trace, at));
    }

    public LaneSeries standard() {
        return standard;
    }

    public LaneSeries consistency() {
        return consistency;
    }

    public ReadOnlyStringProperty standardSpeedupProperty() {
        return standardSpeedup.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty consistencySpeedupProperty() {
        return consistencySpeedup.getReadOnlyProperty();
    }

    /** Axis reach of the iterations-per-block chart over the whole runs. */
    public ReadOnlyObjectProperty<PlotExtent> iterationsExtentProperty() {
        return iterationsExtent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PlotExtent> acceptedExtentProperty() {
        return acceptedExtent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PlotExtent> cumulativeExtentProperty() {
        return cumulativeExtent.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty standardHeadlineProperty() {
        return standardHeadline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty consistencyHeadlineProperty() {
        return consistencyHeadline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headToHeadProperty() {
        return headToHead.getReadOnlyProperty();
    }
}
