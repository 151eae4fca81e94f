package dev.jacobilens.app.playback;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.store.Comparison;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaybackViewModelTest {
    private final FrameClock.Manual clock = new FrameClock.Manual();
    private final PlaybackViewModel playback = new PlaybackViewModel(clock);
    private final Comparison comparison = TestRecordings.comparison(3, 8);
    private final LaneTrace standard = LaneTrace.of(comparison.standard());
    private final LaneTrace consistency = LaneTrace.of(comparison.consistency());
    private int frames;

    @BeforeEach
    void open() {
        playback.reset(standard, consistency, false);
        frames = standard.passCount();
    }

    @Test
    void startsAtTheFirstPassOfBothLanes() {
        assertEquals(frames, playback.frameCountProperty().get());
        assertEquals(0, playback.frameIndexProperty().get());
        assertEquals(1, playback.frameProperty().get().standard().passNumber());
        assertEquals("frame 1 of " + frames, playback.positionTextProperty().get());
    }

    @Test
    void stepsStayWithinTheTimeline() {
        playback.stepBack();
        assertEquals(0, playback.frameIndexProperty().get());
        playback.stepForward();
        playback.stepForward();
        assertEquals(2, playback.frameIndexProperty().get());
        playback.toEnd();
        playback.stepForward();
        assertEquals(frames - 1, playback.frameIndexProperty().get());
        playback.toStart();
        assertEquals(0, playback.frameIndexProperty().get());
        playback.seek(1000);
        assertEquals(frames - 1, playback.frameIndexProperty().get());
    }

    @Test
    void playingAdvancesBySpeedAndStopsAtTheEnd() {
        playback.speedProperty().set(4);
        playback.play();
        assertTrue(playback.playingProperty().get());
        clock.advance(0.5);
        assertEquals(2, playback.frameIndexProperty().get(), "4 frames/s for half a second");
        clock.advance(0.1);
        clock.advance(0.15);
        assertEquals(3, playback.frameIndexProperty().get(), "fractions accumulate");
        clock.advance(1000);
        assertEquals(frames - 1, playback.frameIndexProperty().get());
        assertFalse(playback.playingProperty().get());
        assertFalse(clock.isRunning());
        playback.play();
        assertEquals(0, playback.frameIndexProperty().get(), "play at the end starts over");
    }

    @Test
    void steppingPausesPlayback() {
        playback.play();
        playback.stepForward();
        assertFalse(playback.playingProperty().get());
        playback.togglePlay();
        assertTrue(playback.playingProperty().get());
        playback.togglePlay();
        assertFalse(playback.playingProperty().get());
    }

    @Test
    void speedIsBounded() {
        playback.speedProperty().set(1000);
        assertEquals(PlaybackViewModel.MAX_SPEED, playback.speedProperty().get());
        playback.speedProperty().set(0);
        assertEquals(PlaybackViewModel.MIN_SPEED, playback.speedProperty().get());
    }

    @Test
    void liveDecodingIsFollowedUntilTheUserSteps() {
        LaneTrace live = LaneTrace.live();
        playback.reset(live, LaneTrace.empty(), true);
        for (int k = 1; k <= 3; k++) {
            live = live.withPass(new PassEvent(0, k, 0, new int[4], new int[4], 1, k, false, 1), Map.of());
            playback.setTraces(live, LaneTrace.empty(), true);
            assertEquals(k - 1, playback.frameIndexProperty().get(), "follows the newest pass");
        }
        playback.stepBack();
        live = live.withPass(new PassEvent(0, 4, 0, new int[4], new int[4], 1, 4, true, 1), Map.of());
        playback.setTraces(live, LaneTrace.empty(), true);
        assertEquals(1, playback.frameIndexProperty().get(), "stays where the user stepped to");
        assertEquals(4, playback.frameCountProperty().get());
    }

    @Test
    void playingWaitsAtTheEndWhileDecoding() {
        LaneTrace live = LaneTrace.live().withPass(new PassEvent(0, 1, 0, new int[4], new int[4], 1, 1, false, 1), Map.of());
        playback.reset(live, LaneTrace.empty(), true);
        playback.play();
        clock.advance(10);
        assertTrue(playback.playingProperty().get(), "more passes may come");
    }

    @Test
    void changingSyncModeKeepsTheStandardLanesPlace() {
        playback.seek(5);
        PassPosition before = playback.frameProperty().get().standard();
        playback.syncModeProperty().set(SyncMode.BY_BLOCK);
        assertEquals(before.passNumber(), playback.frameProperty().get().standard().passNumber());
        int expected = 0;
        for (int b = 0; b < 3; b++) {
            expected += Math.max(standard.blocks().get(b).passes(), consistency.blocks().get(b).passes());
        }
        assertEquals(expected, playback.frameCountProperty().get());
    }
}
