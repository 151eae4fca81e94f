package dev.jacobilens.app.plots;

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

    /** (pass number, tokens that pass accepted) for every pass up to {@code at}. */
    public static List<PlotPoint> acceptedPerPass(LaneTrace trace, PassPosition at) {
        List<PlotPoint> points = new ArrayList<>();
        forEachPass(trace, at, (pass, accepted) -> points.add(new PlotPoint(pass, accepted)));
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
                        recording.settings().device(), ar.device()))
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
