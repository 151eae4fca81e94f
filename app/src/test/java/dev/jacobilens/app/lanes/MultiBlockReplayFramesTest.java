package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;
import dev.jacobilens.store.method.MultiBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A multi-block lane: every block in flight stacked, recycled n-grams under the positions they
 * fill, the badge and the method line saying what the pass did; a saved and reopened comparison
 * draws the frames the live run drew.
 */
class MultiBlockReplayFramesTest {
    @TempDir
    Path tmp;

    private static final String PROMPT = "Jack has 42 candies. He buys 8 more candies, and then Max gives him 28 more."
            + " How many candies does Jack have now?";

    private static ReplayFramesTest.Live decodeLive(LoadedModel model, MultiBlock method, int maxNew) {
        return ReplayFramesTest.decodeLive(model, PROMPT, new DecodeSettings(method, 0, maxNew, "cpu"), null);
    }

    /**
     * Pass by pass: what the live lane showed at that pass (text, counters, method line, title,
     * row labels) equals the replay's; and once every block has converged (the whole run in the
     * live trace), the stacked grid, the chips and the badge equal the replay's too (before that,
     * live, a block's unaccepted tokens are pending, as in Jacobi's lane, so none is stationary).
     */
    private static int assertSameFrames(ReplayFramesTest.Live live, Recording reopened) {
        LaneTrace replay = LaneTrace.of(reopened);
        LaneFrames replayFrames = new LaneFrames(replay, new StoreChipStates());
        LaneTrace trace = LaneTrace.live();
        List<LaneTrace> traces = new ArrayList<>();
        int stacked = 0;
        for (int k = 0; k < live.events().size(); k++) {
            trace = trace.withPass(live.events().get(k), live.tokens().get(k));
            traces.add(trace);
            LaneSnapshot shown = new LaneFrames(trace, new StoreChipStates()).snapshot(trace.position(k + 1));
            LaneSnapshot again = replayFrames.snapshot(replay.position(k + 1));
            String what = reopened.settings().describe() + ", pass " + (k + 2);
            assertEquals(shown.gridTitle(), again.gridTitle(), what);
            assertEquals(shown.methodText(), again.methodText(), what);
            assertEquals(shown.generatedText(), again.generatedText(), what);
            assertEquals(shown.forwardPasses(), again.forwardPasses(), what);
            assertEquals(shown.outputTokens(), again.outputTokens(), what);
            assertEquals(shown.grid().labels(), again.grid().labels(), what);
            stacked += shown.grid().rows().size() > 1 && shown.grid().label(1).startsWith("B") ? 1 : 0;
        }
        LaneFrames finished = new LaneFrames(trace, new StoreChipStates());
        for (int k = 0; k < live.events().size(); k++) {
            LaneSnapshot shown = finished.snapshot(trace.position(k + 1));
            LaneSnapshot again = replayFrames.snapshot(replay.position(k + 1));
            String what = reopened.settings().describe() + ", pass " + (k + 2) + " after the run";
            assertEquals(shown.grid(), again.grid(), what);
            assertEquals(shown.chips(), again.chips(), what);
            assertEquals(shown.badge(), again.badge(), what);
        }
        assertEquals(live.events().size() + 1, reopened.forwardPasses());
        return stacked;
    }

    @Test
    void aReopenedMultiBlockComparisonDrawsTheLiveFrames() throws Exception {
        Path maths = Path.of("..", "assets", "models", "consistency").toAbsolutePath().normalize();
        try (LoadedModel model = Models.load(maths, "cpu")) {
            // 60 tokens: the budget ends before the answer's EOS, so no position lies after the end
            ReplayFramesTest.Live three = decodeLive(model, new MultiBlock(8, 3, 25, true, 4, 4), 60);
            ReplayFramesTest.Live two = decodeLive(model, new MultiBlock(16, 2, 0, false, 4, 4), 60);
            Path file = tmp.resolve("multiblock.json.gz");
            RecordingFiles.write(file, new Comparison(PROMPT, three.recording(), two.recording(), null, null));
            RecordingFile.OfComparison read = assertInstanceOf(RecordingFile.OfComparison.class,
                    RecordingFiles.read(file));
            assertEquals(three.recording(), read.comparison().standard());
            assertTrue(assertSameFrames(three, read.comparison().standard()) > 0, "later blocks were drawn");
            assertTrue(assertSameFrames(two, read.comparison().consistency()) > 0, "later blocks were drawn");
        }
    }

    /** The stacked grid of one pass, checked against the pass's own candidates. */
    @Test
    void aPassShowsEveryBlockInFlightAndTheRecycledNgrams() throws Exception {
        Path maths = Path.of("..", "assets", "models", "consistency").toAbsolutePath().normalize();
        try (LoadedModel model = Models.load(maths, "cpu")) {
            ReplayFramesTest.Live live = decodeLive(model, new MultiBlock(8, 3, 0, true, 4, 4), 200);
            LaneTrace replay = LaneTrace.of(live.recording());
            LaneFrames frames = new LaneFrames(replay, new StoreChipStates());
            int checked = 0;
            for (int k = 0; k < live.events().size(); k++) {
                PassCandidates d = live.events().get(k).detail();
                if (d == null) {
                    continue;
                }
                LaneSnapshot s = frames.snapshot(replay.position(k + 1));
                int blocks = Metrics.blocksInFlight(d);
                int ngrams = d.inRole(PassCandidates.Role.NGRAM).size();
                assertEquals(blocks + ngrams, s.grid().rows().size(), "pass " + (k + 2));
                assertEquals("B" + (live.events().get(k).block() + 1), s.grid().label(0));
                assertTrue(s.badge().contains(blocks + (blocks == 1 ? " block" : " blocks") + " in flight"), s.badge());
                int first = live.events().get(k).block() + 1;
                String drafts = blocks == 1 ? "" : blocks == 2 ? ", B" + (first + 1) + " is a draft"
                        : ", B" + (first + 1) + "–B" + (first + blocks - 1) + " are drafts";
                assertTrue(s.gridTitle().startsWith("B" + first + " accepts" + drafts), s.gridTitle());
                assertEquals(ngrams > 0, s.gridTitle().contains("recycled n-gram"), s.gridTitle());
                assertEquals("", s.methodText(), "the grid title says what a method line would");
                int recycled = Metrics.ngramTokensAccepted(d);
                if (recycled > 0) {
                    assertTrue(s.badge().contains(recycled + " from a recycled n-gram"), s.badge());
                    long fastForwarded = s.grid().rows().stream().skip(blocks)
                            .flatMap(r -> r.states().stream()).filter(st -> st == ChipState.NEWLY_ACCEPTED).count();
                    assertEquals(recycled, fastForwarded, "the used n-gram's recycled tokens are fast-forwarded");
                }
                for (int b = 1; b < blocks; b++) {
                    assertTrue(s.grid().rows().get(b).states().stream().allMatch(st -> st == ChipState.CORRECT
                            || st == ChipState.INCORRECT || st == ChipState.AFTER_END), "later blocks are judged");
                }
                checked++;
            }
            assertTrue(checked > 3, "passes with detail: " + checked);
        }
    }
}
