package dev.jacobilens.app.playback;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.Locale;

/** Play/pause, step, scrubber, speed and sync mode. Keyboard shortcuts live on the scene. */
public final class PlaybackBar extends HBox {

    public PlaybackBar(PlaybackViewModel model) {
        super(8);
        setPadding(new Insets(6, 10, 6, 10));
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("playback-bar");

        Button first = button("|◀", "First frame (Home)", model::toStart);
        Button back = button("◀", "Step back one iteration (←)", model::stepBack);
        Button play = button("▶ Play", "Play or pause (Space)", model::togglePlay);
        play.setId("play");
        play.setMinWidth(84);
        model.playingProperty().addListener((obs, old, now) -> play.setText(now ? "❚❚ Pause" : "▶ Play"));
        Button forward = button("▶", "Step forward one iteration (→)", model::stepForward);
        forward.setId("step-forward");
        Button last = button("▶|", "Last frame (End)", model::toEnd);

        Slider scrubber = new Slider(0, 0, 0);
        scrubber.setId("scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        scrubber.setFocusTraversable(false);
        scrubber.maxProperty().bind(model.frameCountProperty().subtract(1).map(n -> Math.max(0, n.intValue())));
        scrubber.disableProperty().bind(model.frameCountProperty().lessThan(2));
        model.frameIndexProperty().addListener((obs, old, now) -> {
            if (!scrubber.isValueChanging() && (int) Math.round(scrubber.getValue()) != now.intValue()) {
                scrubber.setValue(now.intValue());
            }
        });
        scrubber.valueProperty().addListener((obs, old, now) -> {
            int index = (int) Math.round(now.doubleValue());
            if (index != model.frameIndexProperty().get()) {
                model.seek(index);
            }
        });
        HBox.setHgrow(scrubber, Priority.ALWAYS);

        Label position = new Label();
        position.setId("frame-position");
        position.textProperty().bind(model.positionTextProperty());
        position.setMinWidth(120);

        Slider speed = new Slider(PlaybackViewModel.MIN_SPEED, PlaybackViewModel.MAX_SPEED, model.speedProperty().get());
        speed.setPrefWidth(110);
        speed.setFocusTraversable(false);
        speed.valueProperty().bindBidirectional(model.speedProperty());
        Label speedText = new Label();
        speedText.textProperty().bind(model.speedProperty().map(v -> String.format(Locale.ROOT, "%.1f iter/s", v.doubleValue())));
        speedText.setMinWidth(70);

        ComboBox<SyncMode> sync = new ComboBox<>();
        sync.getItems().setAll(SyncMode.values());
        sync.valueProperty().bindBidirectional(model.syncModeProperty());
        sync.setFocusTraversable(false);
        sync.setTooltip(new Tooltip("By forward pass: the faster model finishes first.\n"
                + "Align blocks: both lanes show the same block; the faster one waits."));

        for (Button b : new Button[] {first, back, forward, last}) {
            b.disableProperty().bind(model.frameCountProperty().lessThan(1));
        }
        play.disableProperty().bind(model.frameCountProperty().lessThan(1));
        getChildren().addAll(first, back, play, forward, last, scrubber, position, new Label("Speed"), speed,
                speedText, sync);
    }

    private static Button button(String text, String tooltip, Runnable action) {
        Button button = new Button(text);
        button.setTooltip(new Tooltip(tooltip));
        button.setOnAction(e -> action.run());
        // Buttons must not keep the keyboard focus: Space belongs to playback, not to "press the focused button".
        button.setFocusTraversable(false);
        return button;
    }
}
