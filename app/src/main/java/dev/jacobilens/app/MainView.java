package dev.jacobilens.app;

import dev.jacobilens.app.chips.ChipScheme;
import dev.jacobilens.app.chips.LegendView;
import dev.jacobilens.app.lanes.LaneView;
import dev.jacobilens.app.playback.PlaybackBar;
import dev.jacobilens.app.playback.PlaybackViewModel;
import dev.jacobilens.app.plots.PlotsView;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.ui.DisplayOptions;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The main window's layout: run panel on top, the two lanes, the plots, playback and legend,
 * and the "What am I seeing?" panel on the right when it is open.
 */
public final class MainView extends BorderPane {
    /** The root font size at zoom 1; every other size in the stylesheet is relative (em). */
    static final double BASE_FONT_PX = 13;
    /** The lanes' share of the height the lanes and plots split. */
    static final double LANES_SHARE = 0.66;

    public MainView(MainViewModel model, Runnable quit) {
        setId("main-view");
        DisplayOptions display = model.display();
        setTop(new VBox(new MainMenu(model, quit), new RunPanel(model)));

        SplitPane lanes = new SplitPane(scrollingWhenShort(new LaneView(model.lane(Lane.STANDARD), display)),
                scrollingWhenShort(new LaneView(model.lane(Lane.CONSISTENCY), display)));
        lanes.setId("lanes");
        lanes.setOrientation(Orientation.HORIZONTAL);
        PlotsView plots = new PlotsView(model.plots());
        SplitPane center = new SplitPane(lanes, plots);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(LANES_SHARE);
        // The lanes are what a class watches: a taller window goes to them, not to the plots.
        SplitPane.setResizableWithParent(plots, false);
        // The explanation floats over the right of the lanes and plots instead of taking width
        // from them: at 1024 px a side column would push controls off the window.
        ExplainPanel explain = new ExplainPanel(() -> display.explainingProperty().set(false));
        explain.setMaxWidth(320);
        explain.visibleProperty().bind(display.explainingProperty());
        StackPane.setAlignment(explain, Pos.TOP_RIGHT);
        setCenter(new StackPane(center, explain));

        PlaybackBar playbackBar = new PlaybackBar(model.playback());
        LegendView legend = new LegendView();
        HBox.setHgrow(legend, Priority.ALWAYS);
        HBox legendRow = new HBox(12, legend, schemeBox(display), explainButton(display));
        legendRow.setAlignment(Pos.CENTER_LEFT);
        legendRow.getStyleClass().add("legend-row");
        setBottom(new VBox(playbackBar, legendRow));

        display.schemeProperty().addListener((obs, old, now) -> applyScheme(now));
        applyScheme(display.schemeProperty().get());
        display.zoomProperty().addListener((obs, old, now) -> {
            applyZoom(now.doubleValue());
            // Larger type makes the plots' minimum taller and moves the divider; once the new
            // sizes are laid out, put it back where it was.
            javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(80));
            settle.setOnFinished(e -> center.setDividerPositions(LANES_SHARE));
            settle.play();
        });
        applyZoom(display.zoomProperty().get());

        // After Run, Open or a sample, the keyboard belongs to playback, not to the prompt box.
        model.playbackFocusRequestsProperty().addListener((obs, old, now) -> Platform.runLater(lanes::requestFocus));
        addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (!zoomKey(display, event)) {
                playbackKey(model.playback(), event);
            }
        });
    }

    /**
     * A lane fills its half of the window; only when the window is too short for it (a zoomed
     * view on a small screen) does it scroll, instead of squeezing its grid away.
     */
    private static javafx.scene.control.ScrollPane scrollingWhenShort(LaneView lane) {
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(lane);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setFocusTraversable(false);
        scroll.getStyleClass().add("lane-scroll");
        return scroll;
    }

    private void applyScheme(ChipScheme scheme) {
        getStyleClass().remove("paper");
        if (scheme == ChipScheme.PAPER) {
            getStyleClass().add("paper");
        }
    }

    private void applyZoom(double zoom) {
        setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT_PX * zoom));
    }

    private static ComboBox<ChipScheme> schemeBox(DisplayOptions display) {
        ComboBox<ChipScheme> box = new ComboBox<>();
        box.getItems().setAll(ChipScheme.values());
        box.valueProperty().bindBidirectional(display.schemeProperty());
        box.setId("colour-scheme");
        box.setFocusTraversable(false);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setTooltip(new Tooltip("Detailed: a colour per token state. Paper: the CLLM paper's blue for right "
                + "tokens and red for wrong ones."));
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ChipScheme scheme) {
                return scheme == null ? "" : scheme.title();
            }

            @Override
            public ChipScheme fromString(String text) {
                return ChipScheme.DETAILED;
            }
        });
        return box;
    }

    private static ToggleButton explainButton(DisplayOptions display) {
        ToggleButton button = new ToggleButton("What am I seeing?");
        button.setId("explain");
        button.setFocusTraversable(false);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.selectedProperty().bindBidirectional(display.explainingProperty());
        return button;
    }

    /** Ctrl+plus / Ctrl+minus / Ctrl+0: presentation zoom. */
    private static boolean zoomKey(DisplayOptions display, KeyEvent event) {
        if (!event.isShortcutDown()) {
            return false;
        }
        KeyCode code = event.getCode();
        if (code == KeyCode.PLUS || code == KeyCode.EQUALS || code == KeyCode.ADD) {
            display.zoomIn();
        } else if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
            display.zoomOut();
        } else if (code == KeyCode.DIGIT0 || code == KeyCode.NUMPAD0) {
            display.resetZoom();
        } else {
            return false;
        }
        event.consume();
        return true;
    }

    /** Space, arrows and Home/End drive playback, except while typing in a text field. */
    private static void playbackKey(PlaybackViewModel playback, KeyEvent event) {
        if (event.getTarget() instanceof TextInputControl || event.isShortcutDown() || event.isAltDown()) {
            return;
        }
        switch (event.getCode()) {
            case SPACE -> playback.togglePlay();
            case RIGHT -> playback.stepForward();
            case LEFT -> playback.stepBack();
            case HOME -> playback.toStart();
            case END -> playback.toEnd();
            default -> {
                return;
            }
        }
        event.consume();
    }
}
