package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpeedupTextTest {

    @Test
    void aRatioBelowOneIsSaidAsSlowerNeverAsAFractionOfTheTime() {
        assertEquals("2.4× faster", SpeedupText.wallTime(2.4));
        assertEquals("1.2× slower", SpeedupText.wallTime(0.83)); // 1 / 0.83 = 1.205
        assertEquals("1.3× slower", SpeedupText.wallTime(1 / 1.3));
    }

    @Test
    void passesAreSaidAsFewerOrMore() {
        assertEquals("4.6× fewer passes", SpeedupText.passes(60.0 / 13));
        // 61 Jacobi passes against 60 AR passes for the same 59 tokens: 1.0167 more.
        assertEquals("1.02× more passes", SpeedupText.passes(60.0 / 61));
    }

    @Test
    void nearOneKeepsTwoDecimalsAndExactlyOneIsTheSame() {
        assertEquals("1.04× faster", SpeedupText.wallTime(1.04));
        assertEquals("same speed", SpeedupText.wallTime(1.0));
        assertEquals("same passes", SpeedupText.passes(0.999));
        assertEquals("12.5×", SpeedupText.factor(12.46));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SpeedupText.wallTime(0));
        assertThrows(IllegalArgumentException.class, () -> SpeedupText.wallTime(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SpeedupText.passes(Double.POSITIVE_INFINITY));
    }
}
