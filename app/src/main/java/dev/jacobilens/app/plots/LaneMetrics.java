package dev.jacobilens.app.plots;

import dev.jacobilens.store.DeviceNames;

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
     * (forward pass number, output tokens that pass accepted) for every pass up to {@code at}.
     * Passes are numbered as everywhere in the app: pass 1 is the prompt pass. Tokens are counted
     * as the trajectory store counts them: a token counts once a pass accepts it (the prompt
     * pass accepts none), and a finished recording counts only its output, up to EOS. So these
     * add up to the lane's token counter, and to the output length at the end.
     */
    public static List<PlotPoint> acceptedPerPass(LaneTrace trace, PassPosition at) {
        List<PlotPoint> points = new ArrayList<>();
        tokensByPass(trace, at, (pass, before, after) -> points.add(new PlotPoint(pass, after - before)));
        return points;
    }

    /**
     * (forward passes, output tokens accepted) after each pass up to {@code at}: the same count
     * as the lane's counters, so its slope is tokens per pass (about 1 for AR).
     */
    public static List<PlotPoint> cumulativeTokens(LaneTrace trace, PassPosition at) {
        List<PlotPoint> points = new ArrayList<>();
        tokensByPass(trace, at, (pass, before, after) -> points.add(new PlotPoint(pass, after)));
        return points;
    }

    private interface TokensVisitor {
        void visit(int passNumber, int tokensBefore, int tokensAfter);
    }

    private static void tokensByPass(LaneTrace trace, PassPosition at, TokensVisitor visitor) {
        if (at == null) {
            return;
        }
        visitor.visit(1, 0, 0);
        int cap = trace.recording() == null ? Integer.MAX_VALUE : trace.recording().outputIds().length;
        int[] total = {0};
        forEachPass(trace, at, (pass, accepted) -> {
            int before = Math.min(cap, total[0]);
            total[0] += accepted;
            visitor.visit(pass + 1, before, Math.min(cap, total[0]));
        });
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
