package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.engine.PassDetail;
import dev.jacobilens.engine.PassEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.jacobilens.app.chips.ChipState.ACCEPTED_LOCKED;
import static dev.jacobilens.app.chips.ChipState.INCORRECT;
import static dev.jacobilens.app.chips.ChipState.NEWLY_ACCEPTED;
import static dev.jacobilens.app.chips.ChipState.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodPassesTest {
    private static final Map<Integer, String> WORDS = Map.of(1, "▁the", 2, "▁cat", 3, "▁sat", 4, "▁on", 5, "▁mat",
            6, "▁dog", 7, "▁ran");

    @Test
    void aSpeculativePassShowsTheDraftAndWhatTheTargetKept() {
        // draft proposed "cat sat dog ran"; the target agrees on two, then predicts "on"
        PassDetail.Speculative sp = new PassDetail.Speculative(new int[] {2, 3, 6, 7}, new int[] {2, 3, 4, 5, 1}, 2, 4);
        LaneTrace trace = LaneTrace.live().withPass(new PassEvent(0, 1, 0, new int[] {2, 3, 4}, new int[] {2, 3, 4}, 3,
                3, true, 1000, sp), WORDS);
        LaneSnapshot snap = new LaneFrames(trace, new StoreChipStates()).snapshot(trace.position(1));
        assertEquals("speculative: draft proposed 4 (4 draft passes) · target kept 2, added “on”",
                snap.methodText());
        List<ChipRow> rows = snap.grid().rows();
        assertEquals(List.of(NEWLY_ACCEPTED, NEWLY_ACCEPTED, INCORRECT, INCORRECT, ChipState.AFTER_END), rows.get(0).states(),
                "draft: two accepted, two dropped (padded to the target's row)");
        assertEquals(List.of(ACCEPTED_LOCKED, ACCEPTED_LOCKED, NEWLY_ACCEPTED, PENDING, PENDING), rows.get(1).states(),
                "target: agrees twice, adds its own third");
        assertTrue(rows.get(1).detail(2).endsWith("added by the target itself"), rows.get(1).detail(2));
        assertEquals(2, snap.grid().visibleRows());
        assertTrue(snap.gridTitle().startsWith("Row 0: the draft's proposal"));
        assertEquals("+3 fast-forwarded", snap.badge());
    }

    @Test
    void aLookaheadPassShowsItsWindowAndTheCandidatesItVerified() {
        int[][] window = {{1, 2, 3}, {4, 5, 6}};
        int[][] candidates = {{1, 6, 7}, {1, 2, 3}};
        PassDetail.Lookahead la = new PassDetail.Lookahead(window, window, candidates, 1, 42);
        LaneTrace trace = LaneTrace.live().withPass(new PassEvent(0, 1, 0, new int[] {1, 2, 3}, new int[] {1, 2, 3}, 3,
                3, true, 1000, la), WORDS);
        LaneSnapshot snap = new LaneFrames(trace, new StoreChipStates()).snapshot(trace.position(1));
        assertEquals("lookahead: window 2×3 · pool 42 n-grams · 2 candidates, candidate 2 matched",
                snap.methodText());
        List<ChipRow> rows = snap.grid().rows();
        assertEquals(4, rows.size(), "2 window levels and 2 candidates");
        assertEquals(List.of(PENDING, PENDING, PENDING), rows.get(0).states());
        assertEquals(List.of(ACCEPTED_LOCKED, INCORRECT, INCORRECT), rows.get(2).states(), "the rejected candidate");
        assertEquals(List.of(ACCEPTED_LOCKED, NEWLY_ACCEPTED, NEWLY_ACCEPTED), rows.get(3).states(), "the accepted one");
        assertEquals(List.of("·the", "·cat", "·sat"), rows.get(3).tokens());
    }

    @Test
    void theDetailsOutliveTheLiveTraceWhenTheRecordingArrives() {
        PassDetail.Speculative sp = new PassDetail.Speculative(new int[] {2}, new int[] {2, 3}, 1, 1);
        LaneTrace live = LaneTrace.live().withPass(new PassEvent(0, 1, 0, new int[] {2, 3}, new int[] {2, 3}, 2, 2,
                true, 1000, sp), WORDS);
        assertEquals(sp, live.detail(1));
        LaneTrace recorded = LaneTrace.of(dev.jacobilens.app.TestRecordings.recording("m",
                List.of(dev.jacobilens.app.TestRecordings.twoPassBlock()))).withDetailsOf(live);
        assertEquals(sp, recorded.detail(1));
        assertEquals(null, recorded.detail(2));
    }
}
