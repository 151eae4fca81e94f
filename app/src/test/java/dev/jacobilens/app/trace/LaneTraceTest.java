package dev.jacobilens.app.trace;

import dev.jacobilens.store.StopReason;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneTraceTest {
    private final Recording recording = TestRecordings.recording("m", List.of(
            TestRecordings.randomBlock(0, 4, 2, 1), TestRecordings.randomBlock(1, 4, 2, 2)));

    @Test
    void passNumbersMapToBlockAndIteration() {
        LaneTrace trace = LaneTrace.of(recording);
        int first = recording.blocks().get(0).passes();
        assertEquals(recording.forwardPasses() - 1, trace.passCount());
        assertEquals(new PassPosition(0, 1, 1), trace.position(1));
        assertEquals(new PassPosition(0, first, first), trace.position(first));
        assertEquals(new PassPosition(1, 1, first + 1), trace.position(first + 1));
        assertEquals(trace.position(trace.passCount()), trace.position(trace.passCount() + 10), "clamped to the end");
        assertNull(LaneTrace.empty().position(1));
    }

    @Test
    void textGrowsByAcceptedTokens() {
        LaneTrace trace = LaneTrace.of(recording);
        BlockTrajectory block0 = recording.blocks().get(0);
        PassPosition afterFirstPass = trace.position(1);
        assertEquals(block0.acceptedPerPass()[0], trace.acceptedIds(afterFirstPass).length);
        assertArrayEquals(recording.outputIds(), trace.acceptedIds(trace.position(trace.passCount())));
        assertTrue(trace.text(trace.position(trace.passCount())).startsWith(" t100 t101"));
    }

    @Test
    void livePassesRebuildTheRecordedTrajectory() {
        LaneTrace live = LaneTrace.live();
        for (BlockTrajectory block : recording.blocks()) {
            int total = 0;
            for (int k = 1; k <= block.passes(); k++) {
                total += block.acceptedPerPass()[k - 1];
                live = live.withPass(new PassEvent(block.index(), k, block.start(), block.states().get(k - 1),
                        block.states().get(k), block.acceptedPerPass()[k - 1], total, k == block.passes(), 1),
                        Map.of(block.states().get(k)[0], "x"));
                assertEquals(k == block.passes(), live.blocks().get(block.index()).converged());
            }
        }
        LaneTrace recorded = LaneTrace.of(recording);
        assertEquals(recorded.passCount(), live.passCount());
        for (int b = 0; b < recording.blocks().size(); b++) {
            List<int[]> liveStates = live.blocks().get(b).trajectory().states();
            List<int[]> states = recorded.blocks().get(b).trajectory().states();
            assertEquals(states.size(), liveStates.size());
            for (int k = 0; k < states.size(); k++) {
                assertArrayEquals(states.get(k), liveStates.get(k));
            }
        }
        assertArrayEquals(recorded.acceptedIds(recorded.position(99)), live.acceptedIds(live.position(99)));
        assertTrue(live.isLive());
        assertFalse(recorded.isLive());
    }

    @Test
    void passesOutOfOrderAreRefused() {
        PassEvent skipsABlock = new PassEvent(1, 1, 4, new int[4], new int[4], 1, 1, false, 1);
        assertThrows(IllegalStateException.class, () -> LaneTrace.live().withPass(skipsABlock, Map.of()));
        assertThrows(IllegalStateException.class, () -> LaneTrace.of(recording).withPass(skipsABlock, Map.of()));
    }

    @Test
    void wordLevelTokensAreJoinedWithSpaces() {
        Recording words = new Recording(recording.model(), recording.settings(), "p", new int[] {1}, 0,
                recording.blocks(), new int[] {100, 101}, "a b", StopReason.MAX_NEW_TOKENS, Map.of(100, "by", 101, "7"), 0,
                recording.createdAt());
        LaneTrace trace = LaneTrace.of(words);
        assertEquals("by 7", trace.text(trace.position(trace.passCount())));
    }

    @Test
    void tokensThatCarryTheirOwnSpacesAreConcatenated() {
        // the engine's display strings: word starts already shown as a leading space, digits bare
        Recording spaced = new Recording(recording.model(), recording.settings(), "p", new int[] {1}, 0,
                recording.blocks(), new int[] {100, 101}, "a b", StopReason.MAX_NEW_TOKENS, Map.of(100, " has", 101, "7"), 0,
                recording.createdAt());
        LaneTrace trace = LaneTrace.of(spaced);
        assertEquals(" has7", trace.text(trace.position(trace.passCount())));
    }

    @Test
    void theEndOfTextTokenEndsTheTextWithoutBeingShown() {
        Recording ended = new Recording(recording.model(), recording.settings(), "p", new int[] {1}, 0,
                recording.blocks(), new int[] {100, 101, 2}, "by 7", StopReason.EOS, Map.of(100, "by", 101, "7", 2, "</s>"), 0,
                recording.createdAt());
        LaneTrace trace = LaneTrace.of(ended);
        assertEquals("by 7", trace.text(trace.position(trace.passCount())));
    }

    @Test
    void tokenMarkersBecomeReadableText() {
        assertEquals(" the", TokenText.plain("\u2581the"));
        assertEquals(" the", TokenText.plain("\u0120the"));
        assertEquals("\n", TokenText.plain("<0x0A>"));
        assertEquals("\u00B7the", TokenText.chip("\u2581the"));
        assertEquals("\u2205", TokenText.chip(""));
    }
}
