package dev.jacobilens.app;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DecoderThreadsTest {
    @Test
    void leavesOneCoreToTheUi() {
        assertEquals(1, DecoderThreads.choose(1, new Properties(), Map.of()));
        assertEquals(1, DecoderThreads.choose(2, new Properties(), Map.of()));
        assertEquals(15, DecoderThreads.choose(16, new Properties(), Map.of()));
    }

    @Test
    void theUsersOwnSettingWins() {
        Properties chosen = new Properties();
        chosen.setProperty(DecoderThreads.PROPERTY, "4");
        assertNull(DecoderThreads.choose(16, chosen, Map.of()));
        assertNull(DecoderThreads.choose(16, new Properties(), Map.of("OMP_NUM_THREADS", "2")));
    }
}
