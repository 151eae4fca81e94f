package dev.jacobilens.app.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayOptionsTest {
    @Test
    void zoomStepsAreBoundedAndReturnToNormal() {
        DisplayOptions display = new DisplayOptions();
        display.zoomIn();
        display.zoomIn();
        assertEquals(1.15 * 1.15, display.zoomProperty().get(), 1e-9);
        display.zoomOut();
        display.zoomOut();
        assertEquals(1.0, display.zoomProperty().get(), "in twice, out twice: normal size exactly");
        for (int i = 0; i < 20; i++) {
            display.zoomIn();
        }
        assertEquals(DisplayOptions.MAX_ZOOM, display.zoomProperty().get());
        for (int i = 0; i < 40; i++) {
            display.zoomOut();
        }
        assertEquals(DisplayOptions.MIN_ZOOM, display.zoomProperty().get());
        display.resetZoom();
        assertEquals(1.0, display.zoomProperty().get());
    }

}
