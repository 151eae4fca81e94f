package dev.jacobilens.app;

import dev.jacobilens.app.chips.LegendView;
import dev.jacobilens.app.lanes.LaneView;
import dev.jacobilens.app.playback.PlaybackBar;
import dev.jacobilens.app.playback.PlaybackViewModel;
import dev.jacobilens.app.plots.PlotsView;
import dev.jacobilens.app.trace.Lane;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The main window's layout: run panel on top, the two lanes, the plots, playback and legend. */
public final class MainView extends BorderPane {

    public MainView(MainViewModel model, Runnable quit) {
        setId("main-view");
        setTop(new VBox(new MainMenu(model, quit), new RunPanel(model)));

        SplitPane lanes = new SplitPane(new LaneView(model.lane(Lane.STANDARD)), new LaneView(model.lane(Lane.CONSISTENCY)));
        lanes.setOrientation(Orientation.HORIZONTAL);
        SplitPane center = new SplitPane(lanes, new PlotsView(model.plots()));
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.64);
        setCenter(center);

        LegendView legend = new LegendView();
        legend.setStyle("-fx-padding: 2 10 6 10;");
        setBottom(new VBox(new PlaybackBar(model.playback()), legend));

        addEventFilter(KeyEvent.KEY_PRESSED, event -> playbackKey(model.playback(), event));
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
