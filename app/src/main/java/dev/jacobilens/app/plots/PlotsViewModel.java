package dev.jacobilens.app.plots;

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

    /** Charts follow the frame: they show what has been played so far. */
    public void showFrame(LaneTrace standardTrace, LaneTrace consistencyTrace, Frame frame) {
        update(standard, standardTrace, frame == null ? null : frame.standard());
        update(consistency, consistencyTrace, frame == null ? null : frame.consistency());
    }

    /** The speedup panel describes whole runs, so it changes only when runs finish or are opened. */
    public void showRuns(LaneTrace standardTrace, ArTiming standardAr, LaneTrace consistencyTrace, ArTiming consistencyAr) {
        standardSpeedup.set(describe(standardTrace, standardAr));
        consistencySpeedup.set(describe(consistencyTrace, consistencyAr));
        Recording s = standardTrace.recording();
        Recording c = consistencyTrace.recording();
        if (s != null && c != null) {
            headToHead.set(String.format(Locale.ROOT,
                    "Consistency vs standard: %d vs %d passes (%.2f× fewer), %s vs %s",
                    c.forwardPasses(), s.forwardPasses(), s.forwardPasses() / (double) c.forwardPasses(),
                    millis(c.elapsedNanos()), millis(s.elapsedNanos())));
        } else {
            headToHead.set("");
        }
    }

    static String describe(LaneTrace trace, ArTiming ar) {
        Recording recording = trace.recording();
        if (recording == null) {
            return trace.isLive() ? "decoding…" : "no run";
        }
        String run = String.format(Locale.ROOT, "%d tokens · %d forward passes · %s",
                recording.outputIds().length, recording.forwardPasses(), millis(recording.elapsedNanos()));
        Speedup speedup = LaneMetrics.speedup(recording, ar);
        if (speedup == null) {
            return run + " on " + recording.settings().device() + "\nno AR reference recorded, so no speedup";
        }
        String devices = speedup.device().equals(speedup.arDevice()) ? "both on " + speedup.device()
                : "Jacobi on " + speedup.device() + ", AR on " + speedup.arDevice();
        return run + String.format(Locale.ROOT, "\nvs AR: %.2f× fewer passes, %s wall time\n(%s)",
                speedup.passes(),
                Double.isNaN(speedup.wallTime()) ? "n/a" : String.format(Locale.ROOT, "%.2f×", speedup.wallTime()),
                devices);
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

    public ReadOnlyStringProperty headToHeadProperty() {
        return headToHead.getReadOnlyProperty();
    }
}
