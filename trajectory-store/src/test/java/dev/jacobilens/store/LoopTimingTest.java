package dev.jacobilens.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopTimingTest {
    @Test
    void overheadIsLoopPerPassOverForwardPerPassMinusOne() {
        // by hand: 3 loop passes in 3.3 ms = 1100 us each; 2 bare forwards in 2 ms = 1000 us each
        LoopTiming t = new LoopTiming(3_300_000, 3, 2_000_000, 2);
        assertEquals(1100.0, t.loopMicrosPerPass(), 1e-9);
        assertEquals(1000.0, t.forwardMicrosPerPass(), 1e-9);
        assertEquals(0.10, t.overhead(), 1e-12);
    }

    @Test
    void aLoopFasterThanItsForwardHasNegativeOverhead() {
        assertEquals(-0.25, new LoopTiming(750, 1, 1000, 1).overhead(), 1e-12);
    }

    @Test
    void plusAddsPassesAndTimesNotRatios() {
        // 1 pass of 2000 ns + 3 passes of 1000 ns: 5000 ns over 4 passes, not the mean of the means
        LoopTiming t = new LoopTiming(2000, 1, 1000, 1).plus(new LoopTiming(3000, 3, 3000, 3));
        assertEquals(1.25, t.loopMicrosPerPass(), 1e-12);
        assertEquals(1.0, t.forwardMicrosPerPass(), 1e-12);
        assertEquals(0.25, t.overhead(), 1e-12);
    }

    @Test
    void noPassesIsNaNAndNegativesAreRefused() {
        assertTrue(Double.isNaN(new LoopTiming(0, 0, 0, 0).overhead()));
        assertThrows(IllegalArgumentException.class, () -> new LoopTiming(-1, 1, 1, 1));
    }
}
