package dev.jacobilens.app.plots;

import dev.jacobilens.app.ui.DeviceNames;

import dev.jacobilens.app.trace.BlockTrace;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.Recording;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers the plots show, computed from a lane's trace up to where playback stands, so the
 * charts grow with the animation.
 */
public final class LaneMetrics {
    private LaneMetrics() {
    }

    /** (block number from 1, passes to converge) for each block converged at or before {@code at}. */
    public static List<PlotPoint> iterationsPerBlock(LaneTrace trace, PassPosition at) {
        List<PlotPoint> points = new ArrayList<>();
        if (at == null) {
            return points;
        }
        for (int b = 0; b <= at.block(); b++) {
            BlockTrace block = trace.blocks().get(b);
            boolean shownToTheEnd = b < at.block() || at.iteration() == block.passes();
            if (block.converged() && shownToTheEnd) {
                points.add(new PlotPoint(b + 1, block.passes()));
            }
        }
        return points;
    }

    /**
     * (forward pass number, output tokens that pass fixed) for every pass up to {@code at}.
     * Passes are numbered as everywhere in the app: pass 1 is the prompt pass, which fixes the
     * first token. A finished recording counts only tokens up to its end (EOS).
     */
    public static List<PlotPoint> acceptedPerPass(LaneTrace trace, PassPosition at) {
        List<PlotPoint> points = new ArrayList<>();
        if (at == null) {
            return points;
        }
        points.add(new PlotPoint(1, 1));
        int cap = trace.recording() == null ? Integer.MAX_VALUE : Math.max(1, trace.recording().outputIds().length);
        int[] total = {1};
        forEachPass(trace, at, (pass, accepted) -> {
            int before = Math.min(cap, total[0]);
            total[0] += accepted;
            points.add(new PlotPoint(pass + 1, Math.min(cap, total[0]) - before));
        });
        return points;
    }

    /**
     * (forward passes, tokens generated) up to {@code at}, prompt pass included. Every pass also
     * yields the greedy token right after its accepted prefix, so the count is the accepted
     * tokens plus one: the prompt pass gives (1, 1) and AR decoding is the line y = x. The slope
     * is tokens per pass; a finished recording caps it at its output length (EOS trimming).
     */
    public static List<PlotPoint> cumulativeTokens(LaneTrace trace, PassPosition at) {
        List<PlotPoint> points = new ArrayList<>();
        if (at == null) {
            return points;
        }
        points.add(new PlotPoint(1, 1));
        int cap = trace.recording() == null ? Integer.MAX_VALUE : Math.max(1, trace.recording().outputIds().length);
        int[] total = {0};
        forEachPass(trace, at, (pass, accepted) -> {
            total[0] += accepted;
            points.add(new PlotPoint(pass + 1, Math.min(cap, total[0] + 1)));
        });
        return points;
    }

    /**
     * Speedup against the AR reference, as the trajectory store computes it, with the devices
     * named; null when there is no finished recording or no reference.
     */
    public static Speedup speedup(Recording recording, ArTiming ar) {
        if (recording == null) {
            return null;
        }
        return Metrics.speedup(recording, ar)
                .map(s -> new Speedup(s.forwardPasses(), s.wallTime().orElse(Double.NaN),
                        DeviceNames.shown(recording.settings().device()), DeviceNames.shown(ar.device())))
                .orElse(null);
    }

    private interface PassVisitor {
        void visit(int passNumber, int accepted);
    }

    private static void forEachPass(LaneTrace trace, PassPosition at, PassVisitor visitor) {
        if (at == null) {
            return;
        }
        int pass = 0;
        for (int b = 0; b <= at.block(); b++) {
            int[] accepted = trace.blocks().get(b).trajectory().acceptedPerPass();
            int last = b == at.block() ? at.iteration() : accepted.length;
            for (int k = 0; k < last; k++) {
                visitor.visit(++pass, accepted[k]);
            }
        }
    }
}
