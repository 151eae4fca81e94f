package dev.jacobilens.app.playback;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.Comparison;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TimelineTest {
    private final Comparison comparison = TestRecordings.comparison(3, 8);
    private final LaneTrace standard = LaneTrace.of(comparison.standard());
    private final LaneTrace consistency = LaneTrace.of(comparison.consistency());

    @Test
    void byPassTheFasterLaneHoldsItsLastPass() {
        Timeline timeline = new Timeline(standard, consistency, SyncMode.BY_PASS);
        assertEquals(Math.max(standard.passCount(), consistency.passCount()), timeline.size());
        Frame last = timeline.frame(timeline.size() - 1);
        assertEquals(standard.passCount(), last.standard().passNumber());
        assertEquals(consistency.passCount(), last.consistency().passNumber());
        Frame third = timeline.frame(2);
        assertEquals(3, third.standard().passNumber());
        assertEquals(Math.min(3, consistency.passCount()), third.consistency().passNumber());
    }

    @Test
    void byBlockBothLanesShowTheSameBlock() {
        Timeline timeline = new Timeline(standard, consistency, SyncMode.BY_BLOCK);
        int expected = 0;
        for (int b = 0; b < 3; b++) {
            expected += Math.max(standard.blocks().get(b).passes(), consistency.blocks().get(b).passes());
        }
        assertEquals(expected, timeline.size());
        for (int i = 0; i < timeline.size(); i++) {
            Frame frame = timeline.frame(i);
            assertEquals(frame.standard().block(), frame.consistency().block(), "frame " + i);
        }
    }

    @Test
    void aMissingLaneHasNoPosition() {
        Timeline timeline = new Timeline(standard, LaneTrace.empty(), SyncMode.BY_BLOCK);
        assertEquals(standard.passCount(), timeline.size());
        assertNull(timeline.frame(0).consistency());
        assertNull(new Timeline(LaneTrace.empty(), LaneTrace.empty(), SyncMode.BY_PASS).frame(0));
    }
}
