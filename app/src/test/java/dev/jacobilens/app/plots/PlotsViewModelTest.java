package dev.jacobilens.app.plots;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.playback.Timeline;
import dev.jacobilens.app.playback.SyncMode;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsViewModelTest {
    private final Comparison comparison = TestRecordings.comparison(3, 8);
    private final LaneTrace standard = LaneTrace.of(comparison.standard());
    private final LaneTrace consistency = LaneTrace.of(comparison.consistency());

    @Test
    void chartsGrowWithPlayback() {
        PlotsViewModel plots = new PlotsViewModel();
        Timeline timeline = new Timeline(standard, consistency, SyncMode.BY_PASS);
        plots.showFrame(standard, consistency, timeline.frame(0));
        int first = comparison.standard().blocks().get(0).acceptedPerPass()[0];
        assertEquals(List.of(new PlotPoint(1, 0), new PlotPoint(2, first)), plots.standard().acceptedPerPass(),
                "pass 1 is the prompt pass, which accepts no block token");
        assertEquals(List.of(new PlotPoint(1, 0), new PlotPoint(2, first)), plots.standard().cumulativeTokens());
        assertTrue(plots.standard().iterationsPerBlock().isEmpty(), "block 1 not finished yet");

        plots.showFrame(standard, consistency, timeline.frame(timeline.size() - 1));
        assertEquals(standard.passCount() + 1, plots.standard().acceptedPerPass().size());
        assertEquals(consistency.passCount() + 1, plots.consistency().acceptedPerPass().size());
        assertEquals(24, plots.consistency().acceptedPerPass().stream().mapToInt(p -> (int) p.y()).sum(),
                "the passes' tokens add up to the output");
        List<PlotPoint> iterations = plots.standard().iterationsPerBlock();
        for (int b = 0; b < 3; b++) {
            assertEquals(new PlotPoint(b + 1, comparison.standard().blocks().get(b).passes()), iterations.get(b));
        }
        PlotPoint last = plots.consistency().cumulativeTokens().get(plots.consistency().cumulativeTokens().size() - 1);
        assertEquals(comparison.consistency().forwardPasses(), (int) last.x(), "x counts the prompt pass");
        assertEquals(24, (int) last.y(), "all 3 blocks of 8 tokens");
    }

    @Test
    void speedupIsPerTokenAgainstTheArReference() {
        Recording recording = TestRecordings.recording("m", List.of(TestRecordings.twoPassBlock()));
        // 4 tokens in 3 passes (prompt + 2) and 2.5 ms; AR: 5 passes for 4 tokens in 10 ms.
        Speedup speedup = LaneMetrics.speedup(recording, new ArTiming(5, 4, 10_000_000, "cpu()"));
        assertEquals(5.0 / 3.0, speedup.passes(), 1e-9);
        assertEquals(10.0 / 2.5, speedup.wallTime(), 1e-9);
        assertEquals("cpu", speedup.device(), "devices as a person reads them");
        assertNull(LaneMetrics.speedup(recording, null));
    }

    @Test
    void speedupPanelNamesDevicesAndSaysWhenThereIsNoReference() {
        PlotsViewModel plots = new PlotsViewModel();
        plots.showRuns(standard, comparison.standardAr(), consistency, null);
        assertTrue(plots.standardSpeedupProperty().get().contains(" on cpu\n"), plots.standardSpeedupProperty().get());
        assertFalse(plots.standardSpeedupProperty().get().contains("AR ran on"));
        plots.showRuns(standard, new ArTiming(10, 10, 1, "gpu(0)"), consistency, null);
        assertTrue(plots.standardSpeedupProperty().get().contains("(AR ran on gpu 0)"),
                plots.standardSpeedupProperty().get());
        assertTrue(plots.consistencySpeedupProperty().get().contains("no AR reference"));
        assertTrue(plots.headToHeadProperty().get().endsWith("fewer passes than standard ("
                + comparison.consistency().forwardPasses() + " vs " + comparison.standard().forwardPasses() + ")"),
                plots.headToHeadProperty().get());
        plots.showRuns(LaneTrace.live(), null, LaneTrace.empty(), null);
        assertEquals("decoding…", plots.standardSpeedupProperty().get());
        assertEquals("no run", plots.consistencySpeedupProperty().get());
    }

    @Test
    void seriesChangeOnlyByTheirTail() {
        ObservableList<PlotPoint> target = FXCollections.observableArrayList(new PlotPoint(1, 1), new PlotPoint(2, 2));
        int[] changes = {0};
        target.addListener((javafx.collections.ListChangeListener<PlotPoint>) c -> {
            while (c.next()) {
                changes[0]++;
                assertTrue(c.getFrom() >= 1, "the common prefix is untouched");
            }
        });
        LaneSeries.replaceTail(target, List.of(new PlotPoint(1, 1), new PlotPoint(2, 3), new PlotPoint(3, 4)));
        assertEquals(List.of(new PlotPoint(1, 1), new PlotPoint(2, 3), new PlotPoint(3, 4)), target);
        assertEquals(2, changes[0], "one removal, one addition");
    }

    @Test
    void blocksOfALiveRunCountOnlyOnceConverged() {
        BlockTrajectory block = TestRecordings.twoPassBlock();
        LaneTrace live = LaneTrace.live().withPass(new dev.jacobilens.engine.PassEvent(0, 1, 0, block.states().get(0),
                block.states().get(1), 2, 2, false, 1), java.util.Map.of());
        assertTrue(LaneMetrics.iterationsPerBlock(live, live.position(1)).isEmpty());
    }

    @Test
    void axesReachOverTheWholeRunsFromTheFirstFrame() {
        PlotsViewModel plots = new PlotsViewModel();
        assertEquals(PlotExtent.UNKNOWN, plots.iterationsExtentProperty().get(), "nothing known: charts range themselves");
        plots.showRuns(standard, comparison.standardAr(), consistency, comparison.consistencyAr());
        int blocks = comparison.standard().blocks().size();
        int mostIterations = comparison.standard().blocks().stream().mapToInt(b -> b.passes()).max().orElseThrow();
        assertEquals(new PlotExtent(blocks, mostIterations), plots.iterationsExtentProperty().get());
        assertEquals(comparison.standard().forwardPasses(), (int) plots.cumulativeExtentProperty().get().xMax());
        assertEquals(comparison.standard().outputIds().length, (int) plots.cumulativeExtentProperty().get().yMax());
    }

    @Test
    void axisTicksAreRound() {
        assertEquals(1, PlotExtent.niceTick(4));
        assertEquals(5, PlotExtent.niceCeiling(4.2));
        assertEquals(20, PlotExtent.niceTick(61));
        assertEquals(80, PlotExtent.niceCeiling(61));
        assertEquals(2, PlotExtent.niceTick(8));
        assertEquals(10, PlotExtent.niceCeiling(9));
    }
}
