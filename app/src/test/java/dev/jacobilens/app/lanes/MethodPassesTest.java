package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
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
        PassCandidates sp = new PassCandidates(2, List.of(new Candidate(Role.DRAFT, new int[] {2, 3, 6, 7}, 1, 2),
                new Candidate(Role.PREDICTION, new int[] {2, 3, 4, 5, 1}, 1, 3)), Map.of(PassCandidates.DRAFT_PASSES, 4));
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
        PassCandidates la = new PassCandidates(2, List.of(
                new Candidate(Role.WINDOW, new int[] {1, 2, 3}, 0, -1, 0, Map.of("level", 0)),
                new Candidate(Role.WINDOW, new int[] {4, 5, 6}, 1, -1, 0, Map.of("level", 1)),
                new Candidate(Role.NGRAM, new int[] {1, 6, 7}, 0, 1), new Candidate(Role.NGRAM, new int[] {1, 2, 3}, 0, 3)),
                Map.of(PassCandidates.POOL_SIZE, 42));
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
    void aMedusaTreeIsDrawnAsBranchesWithEachGuesssHeadAndRank() {
        // root's children "cat" (rank 0, accepted) and "dog" (rank 1); "cat" continues with "sat"
        // (accepted) or "ran"; "sat" with "on" (rejected)
        PassCandidates tree = new PassCandidates(2, List.of(
                new Candidate(Role.TREE, new int[] {2}, 1, -1, 1, Map.of("head", 0, "rank", 0)),
                new Candidate(Role.TREE, new int[] {6}, 1, -1, 0, Map.of("head", 0, "rank", 1)),
                new Candidate(Role.TREE, new int[] {3}, 2, 0, 1, Map.of("head", 1, "rank", 0)),
                new Candidate(Role.TREE, new int[] {7}, 2, 0, 0, Map.of("head", 1, "rank", 1)),
                new Candidate(Role.TREE, new int[] {4}, 3, 2, 0, Map.of("head", 2, "rank", 0))), Map.of());
        LaneTrace trace = LaneTrace.live().withPass(new PassEvent(0, 1, 0, new int[] {1, 2, 3}, new int[] {1, 2, 3}, 3,
                3, true, 1000, tree), WORDS);
        LaneSnapshot snap = new LaneFrames(trace, new StoreChipStates()).snapshot(trace.position(1));
        assertEquals("medusa: tree of 5 guesses from 3 heads · accepted 2 (ranks 1,1) + the model's own next token",
                snap.methodText());
        List<ChipRow> rows = snap.grid().rows();
        assertEquals(3, rows.size(), "one row per branch: dog, cat-ran, cat-sat-on (the top guesses at the bottom)");
        assertEquals(List.of("·dog", "", ""), rows.get(0).tokens());
        assertEquals(List.of("", "·ran", ""), rows.get(1).tokens(), "the shared 'cat' is drawn once, below");
        assertEquals(INCORRECT, rows.get(1).states().get(1));
        assertEquals(List.of("·cat", "·sat", "·on"), rows.get(2).tokens());
        assertEquals(List.of(NEWLY_ACCEPTED, NEWLY_ACCEPTED, INCORRECT), rows.get(2).states());
        assertTrue(rows.get(0).detail(0).contains("head 1's guess of rank 2"), rows.get(0).detail(0));
        assertTrue(rows.get(2).detail(1).contains("accepted"), rows.get(2).detail(1));
        assertTrue(snap.gridTitle().startsWith("The candidate tree"));
    }

    @Test
    void aRecordingCarriesTheCandidatesItsLiveRunReported() {
        PassCandidates sp = new PassCandidates(2, List.of(new Candidate(Role.DRAFT, new int[] {2}, 1, 1),
                new Candidate(Role.PREDICTION, new int[] {2, 3}, 1, 2)), Map.of(PassCandidates.DRAFT_PASSES, 1));
        LaneTrace live = LaneTrace.live().withPass(new PassEvent(0, 1, 0, new int[] {2, 3}, new int[] {2, 3}, 2, 2,
                true, 1000, sp), WORDS);
        assertEquals(sp, live.detail(1), "live: by the lane's pass number, the prompt pass not counted");
        dev.jacobilens.store.Recording r = dev.jacobilens.app.TestRecordings.recording("m",
                List.of(dev.jacobilens.app.TestRecordings.twoPassBlock()));
        dev.jacobilens.store.Recording withCandidates = new dev.jacobilens.store.Recording(r.model(), r.settings(),
                r.promptText(), r.promptIds(), r.prefillNanos(), r.blocks(), r.outputIds(), r.outputText(),
                r.stopReason(), r.tokenStrings(), r.elapsedNanos(), r.createdAt(), List.of(sp));
        LaneTrace recorded = LaneTrace.of(withCandidates);
        assertEquals(sp, recorded.detail(1));
        assertEquals(null, recorded.detail(2));
    }

    @Test
    void aLookaheadRecordingFromBeforeCandidatesSaysItShowsTheAcceptedTokensOnly() {
        dev.jacobilens.store.Recording r = dev.jacobilens.app.TestRecordings.recording("m",
                List.of(dev.jacobilens.app.TestRecordings.twoPassBlock()));
        dev.jacobilens.store.Recording old = new dev.jacobilens.store.Recording(r.model(),
                r.settings().withMethod(dev.jacobilens.store.method.Lookahead.DEFAULT), r.promptText(), r.promptIds(),
                r.prefillNanos(), r.blocks(), r.outputIds(), r.outputText(), r.stopReason(), r.tokenStrings(),
                r.elapsedNanos(), r.createdAt());
        LaneTrace trace = LaneTrace.of(old);
        LaneSnapshot snap = new LaneFrames(trace, new StoreChipStates()).snapshot(trace.position(1));
        assertTrue(snap.methodText().startsWith("lookahead W=12 N=6 G=12: this recording predates stored candidates"),
                snap.methodText());
        assertEquals(LaneSnapshot.TRAJECTORY_TITLE, snap.gridTitle());
    }
}
