package dev.jacobilens.app.ui;

import dev.jacobilens.app.chips.ChipScheme;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * How the window presents things, for a class or a demo: the colour scheme, a presentation
 * zoom (Ctrl+plus / Ctrl+minus) and whether the "What am I seeing?" panel is open.
 */
public final class DisplayOptions {
    public static final double MIN_ZOOM = 0.8;
    public static final double MAX_ZOOM = 2.0;
    private static final double STEP = 1.15;

    private final ObjectProperty<ChipScheme> scheme = new SimpleObjectProperty<>(ChipScheme.DETAILED);
    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(1);
    private final BooleanProperty explaining = new SimpleBooleanProperty(false);

    public void zoomIn() {
        setZoom(zoom.get() * STEP);
    }

    public void zoomOut() {
        setZoom(zoom.get() / STEP);
    }

    public void resetZoom() {
        setZoom(1);
    }

    public void setZoom(double value) {
        double bounded = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, value));
        // Snap near 1 so that in-then-out returns exactly to the normal size.
        zoom.set(Math.abs(bounded - 1) < 1e-6 ? 1 : bounded);
    }

    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    public ObjectProperty<ChipScheme> schemeProperty() {
        return scheme;
    }

    public BooleanProperty explainingProperty() {
        return explaining;
    }
}
