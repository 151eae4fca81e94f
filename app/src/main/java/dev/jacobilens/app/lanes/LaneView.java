package dev.jacobilens.app.lanes;

import dev.jacobilens.app.ui.DisplayOptions;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One lane: title, model and large counters; where playback stands and what the shown pass did;
 * the text so far, the block's chips and its trajectory grid.
 */
public final class LaneView extends VBox {

    public LaneView(LaneViewModel model, DisplayOptions display) {
        super(4);
        setPadding(new Insets(6, 8, 4, 8));
        getStyleClass().add("lane");
        setId("lane-" + model.lane().name().toLowerCase());
        setMinWidth(0);

        Label title = new Label(model.lane().title() + " lane");
        title.getStyleClass().add("lane-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label modelText = new Label();
        modelText.getStyleClass().add("lane-model");
        modelText.setId(getId() + "-model");
        modelText.textProperty().bind(model.modelTextProperty());
        modelText.setMinWidth(0);
        Tooltip path = new Tooltip();
        path.textProperty().bind(model.modelPathProperty());
        // it ends with the prompt's tokens as the model saw them: wrap them, not the window's width
        path.setWrapText(true);
        path.setMaxWidth(640);
        modelText.setTooltip(path);
        VBox names = new VBox(0, title, modelText);
        names.setMinWidth(0);
        HBox.setHgrow(names, Priority.ALWAYS);
        HBox header = new HBox(10, names,
                counter(getId() + "-passes", "forward passes", model.forwardPassesProperty()),
                counter(getId() + "-tokens", "tokens", model.outputTokensProperty()));
        header.setAlignment(Pos.CENTER_LEFT);

        Label position = new Label();
        position.setId(getId() + "-position");
        position.getStyleClass().add("lane-position");
        position.setMinWidth(0);
        position.textProperty().bind(model.positionTextProperty());
        model.finishedProperty().addListener((obs, old, done) -> position.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("finished"), done));
        Label badge = new Label();
        badge.setId(getId() + "-badge");
        badge.getStyleClass().add("pass-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        badge.textProperty().bind(model.badgeProperty());
        badge.visibleProperty().bind(model.badgeProperty().isNotEmpty());
        badge.setTooltip(new Tooltip("Tokens this forward pass accepted. More than one is a fast-forward: "
                + "the pass fixed several tokens at once, which autoregressive decoding never does."));
        // A flow, so a narrow lane puts the position under the badge instead of cutting it.
        javafx.scene.layout.FlowPane where = new javafx.scene.layout.FlowPane(8, 2, badge, position);
        where.setAlignment(Pos.CENTER_LEFT);
        position.setMinWidth(Region.USE_PREF_SIZE);

        TextArea text = new TextArea();
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(2);
        text.setMinHeight(30);
        text.setFocusTraversable(false);
        text.getStyleClass().add("lane-text");
        text.setId(getId() + "-text");
        model.generatedTextProperty().addListener((obs, old, now) -> {
            text.setText(now);
            // Keep the newest words in view, as in a live transcript.
            text.positionCaret(now.length());
            text.setScrollTop(Double.MAX_VALUE);
        });
        text.setText(model.generatedTextProperty().get());

        ChipsView chips = new ChipsView();
        chips.setId(getId() + "-chips");
        model.chipsProperty().addListener((obs, old, now) -> chips.show(now));
        chips.show(model.chipsProperty().get());
        ScrollPane chipScroll = new ScrollPane(chips);
        chipScroll.setFitToWidth(true);
        chipScroll.setPrefViewportHeight(52);
        chipScroll.setMinViewportHeight(26);
        chipScroll.getStyleClass().add("chip-scroll");
        chipScroll.setFocusTraversable(false);

        Label gridTitle = new Label();
        gridTitle.textProperty().bind(model.gridTitleProperty());
        gridTitle.getStyleClass().add("grid-title");
        gridTitle.setId(getId() + "-grid-title");
        gridTitle.setWrapText(true);
        gridTitle.setMinHeight(Region.USE_PREF_SIZE);
        Label method = new Label();
        method.setId(getId() + "-method");
        method.getStyleClass().add("method-text");
        method.textProperty().bind(model.methodTextProperty());
        method.setWrapText(true);
        method.setMinHeight(Region.USE_PREF_SIZE);
        method.visibleProperty().bind(model.methodTextProperty().isNotEmpty());
        method.managedProperty().bind(method.visibleProperty());
        gridTitle.setMinWidth(0);
        TrajectoryGridView grid = new TrajectoryGridView();
        grid.setId(getId() + "-grid");
        model.gridProperty().addListener((obs, old, now) -> grid.show(now));
        grid.show(model.gridProperty().get());
        grid.setScheme(display.schemeProperty().get());
        display.schemeProperty().addListener((obs, old, now) -> grid.setScheme(now));
        grid.setZoom(display.zoomProperty().get());
        display.zoomProperty().addListener((obs, old, now) -> grid.setZoom(now.doubleValue()));
        ScrollPane gridScroll = new ScrollPane(grid);
        gridScroll.setId(getId() + "-grid-scroll");
        gridScroll.setFitToWidth(true);
        gridScroll.setFocusTraversable(false);
        gridScroll.getStyleClass().add("grid-scroll");
        gridScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        gridScroll.setMinViewportHeight(TrajectoryGridView.ROW_HEIGHT * 3);
        // The grid takes the lane's spare height (Vgrow) but never asks for more: a tall stacked
        // pass must not squeeze the text above it, so both lanes keep the same layout.
        gridScroll.setPrefViewportHeight(TrajectoryGridView.ROW_HEIGHT * 3);
        // Keep the newest row in view while playing: the grid grows a row per pass.
        // A stacked multi-block pass (labelled rows) reads from its first block down: keep the top in view.
        grid.heightProperty().addListener((obs, old, now) -> gridScroll.setVvalue(
                grid.grid().labels().isEmpty() ? gridScroll.getVmax() : gridScroll.getVmin()));
        model.gridProperty().addListener((obs, old, now) -> javafx.application.Platform.runLater(
                () -> gridScroll.setVvalue(now.labels().isEmpty() ? gridScroll.getVmax() : gridScroll.getVmin())));
        VBox.setVgrow(gridScroll, Priority.ALWAYS);

        getChildren().addAll(header, where, method, text, chipScroll, gridTitle, gridScroll);
    }

    private static VBox counter(String id, String what, javafx.beans.value.ObservableIntegerValue value) {
        Label number = new Label();
        number.setId(id);
        number.getStyleClass().add("counter-value");
        number.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> Integer.toString(value.get()), value));
        number.setMinWidth(Region.USE_PREF_SIZE);
        Label caption = new Label(what);
        caption.getStyleClass().add("counter-caption");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        VBox box = new VBox(-2, number, caption);
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }
}
