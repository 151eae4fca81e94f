package dev.jacobilens.distill;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The noise schedule's text forms: read strictly, and what each gives the packed blocks. */
class NoiseScheduleTest {
    private static final Random RNG = new Random(1);

    @Test
    void linearSpansThePackedBlocks() {
        NoiseSchedule s = NoiseSchedule.parse("linear:0.1-0.9");
        assertEquals(0.1, s.ratio(0, 5, RNG), 1e-12);
        assertEquals(0.5, s.ratio(2, 5, RNG), 1e-12);
        assertEquals(0.9, s.ratio(4, 5, RNG), 1e-12);
        assertEquals(0.1, s.ratio(0, 1, RNG), 1e-12);
        assertEquals("linear:0.1-0.9", s.toString());
        assertEquals("linear:0-1", NoiseSchedule.parse(" LINEAR:0-1.0 ").toString());
        // a falling schedule is a schedule too
        assertEquals(0.0, NoiseSchedule.parse("linear:1-0").ratio(3, 4, RNG), 1e-12);
    }

    @Test
    void listsCycleAndUniformDrawsInItsRange() {
        NoiseSchedule list = NoiseSchedule.parse("0.25, 0.5,0.75");
        assertEquals(0.25, list.ratio(0, 8, RNG));
        assertEquals(0.75, list.ratio(2, 8, RNG));
        assertEquals(0.25, list.ratio(3, 8, RNG));
        assertEquals("0.25,0.5,0.75", list.toString());
        assertEquals("1", NoiseSchedule.parse("1").toString());
        NoiseSchedule uniform = NoiseSchedule.parse("uniform:0.2-0.4");
        for (int i = 0; i < 100; i++) {
            double r = uniform.ratio(i, 8, RNG);
            assertTrue(r >= 0.2 && r <= 0.4, String.valueOf(r));
        }
        // its text reads back as the same schedule
        assertEquals(uniform.toString(), NoiseSchedule.parse(uniform.toString()).toString());
    }

    @Test
    void textThatDoesNotParseIsRefusedWithTheText() {
        for (String bad : new String[] {"", " ", "linear", "linear:", "linear:0.1", "linear:0.1-", "linear:a-b",
                "linear:0.1-1.5", "linear:-0.1-0.5", "cosine:0-1", "0.2,,0.3", "0.2,", "1.5", "NaN", "0.5x",
                "uniform:0.8-0.2", "linear:0.1-0.9-1", "0.1;0.2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.parse(bad),
                    "'" + bad + "' should be refused");
            assertTrue(e.getMessage().contains("noise schedule"), e.getMessage());
            if (!bad.isBlank()) {
                assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            }
        }
    }
}
