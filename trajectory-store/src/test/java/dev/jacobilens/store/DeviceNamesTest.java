package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DeviceNamesTest {

    @Test
    void engineNamesAreShownPlainly() {
        assertEquals("cpu", DeviceNames.shown("cpu()"));
        assertEquals("gpu 0", DeviceNames.shown("gpu(0)"));
        assertEquals("gpu 3", DeviceNames.shown("gpu(3)"));
        assertEquals("gpu 1", DeviceNames.shown("gpu:1"), "the --device form");
    }

    @Test
    void shownNamesAndUserChoicesStayAsTheyAre() {
        assertEquals("cpu", DeviceNames.shown("cpu"));
        assertEquals("gpu 0", DeviceNames.shown("gpu 0"));
        assertEquals("auto", DeviceNames.shown("auto"));
        assertEquals("unknown", DeviceNames.shown("unknown"));
        assertNull(DeviceNames.shown(null));
    }

    @Test
    void recordingsAndArTimingsHoldTheShownName() {
        assertEquals("gpu 0", new DecodeSettings(dev.jacobilens.store.method.Autoregressive.INSTANCE, 0, 4, "gpu(0)").device());
        assertEquals("cpu", new ArTiming(2, 1, 0, "cpu()").device());
    }
}
