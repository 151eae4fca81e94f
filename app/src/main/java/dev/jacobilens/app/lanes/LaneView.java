package dev.jacobilens.app.lanes;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One lane: title and model, where playback stands, the text so far, the block's chips and its grid. */
public final class LaneView extends VBox {

    public LaneView(LaneViewModel model) {
        super(6);
        setPadding(new Insets(8));
        getStyleClass().add("lane");
        setId("lane-" + model.lane().name().toLowerCase());

        Label title = new Label(model.lane().title());
        title.getStyleClass().add("lane-title");
        Label modelText = new Label();
        modelText.getStyleClass().add("lane-model");
        modelText.setId(getId() + "-model");
        modelText.textProperty().bind(model.modelTextProperty());
        modelText.setMinWidth(0);
        HBox header = new HBox(10, title, modelText);
        header.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);

        Label position = new Label();
        position.getStyleClass().add("lane-position");
        position.textProperty().bind(model.positionTextProperty());
        model.finishedProperty().addListener((obs, old, done) -> position.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("finished"), done));

        TextArea text = new TextArea();
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(3);
        text.setFocusTraversable(false);
        text.getStyleClass().add("lane-text");
        model.generatedTextProperty().addListener((obs, old, now) -> {
            text.setText(now);
            // Keep the newest words in view, as in a live transcript.
            text.positionCaret(now.length());
            text.setScrollTop(Double.MAX_VALUE);
        });

        ChipsView chips = new ChipsView();
        chips.setId(getId() + "-chips");
        model.chipsProperty().addListener((obs, old, now) -> chips.show(now));
        chips.show(model.chipsProperty().get());
        ScrollPane chipScroll = new ScrollPane(chips);
        chipScroll.setFitToWidth(true);
        chipScroll.setPrefViewportHeight(64);
        chipScroll.setMinViewportHeight(30);
        chipScroll.getStyleClass().add("chip-scroll");

        Label gridTitle = new Label("Trajectory of the current block (rows: iterations, columns: positions)");
        gridTitle.getStyleClass().add("grid-title");
        TrajectoryGridView grid = new TrajectoryGridView();
        grid.setId(getId() + "-grid");
        model.gridProperty().addListener((obs, old, now) -> grid.show(now));
        VBox.setVgrow(grid, Priority.ALWAYS);

        getChildren().addAll(header, position, text, chipScroll, gridTitle, grid);
    }
}
