package dev.jacobilens.app;

import dev.jacobilens.app.files.SamplePrompt;
import dev.jacobilens.app.lanes.LaneViewModel;
import dev.jacobilens.app.trace.Lane;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The top of the window: prompt, sample prompts, models, decoding settings, Run / Stop and progress. */
final class RunPanel extends HBox {
    // Object views of the integer settings, held here: a bidirectional binding references them
    // only weakly, so unheld views would be collected and the spinners would silently unbind.
    private final javafx.beans.property.ObjectProperty<Integer> blockSizeValue;
    private final javafx.beans.property.ObjectProperty<Integer> maxNewTokensValue;

    RunPanel(MainViewModel model) {
        super(12);
        blockSizeValue = model.blockSizeProperty().asObject();
        maxNewTokensValue = model.maxNewTokensProperty().asObject();
        setPadding(new Insets(8, 10, 6, 10));
        getStyleClass().add("run-panel");

        ComboBox<SamplePrompt> samples = new ComboBox<>(model.samplePrompts());
        samples.setId("sample-prompts");
        samples.setPromptText(model.samplePrompts().isEmpty() ? "no sample prompts in samples/prompts"
                : "Sample prompts (" + model.samplePrompts().size() + ")…");
        samples.setMaxWidth(Double.MAX_VALUE);
        samples.setOnAction(e -> model.useSample(samples.getValue()));
        TextArea prompt = new TextArea();
        prompt.setId("prompt");
        prompt.setPromptText("Type a prompt, e.g. a grade-school maths question");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        prompt.textProperty().bindBidirectional(model.promptProperty());
        VBox promptBox = new VBox(4, samples, prompt);
        HBox.setHgrow(promptBox, Priority.ALWAYS);

        GridPane settings = new GridPane();
        settings.setHgap(8);
        settings.setVgap(4);
        settings.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(220),
                new ColumnConstraints(), new ColumnConstraints());
        addModelRow(settings, 0, model, Lane.STANDARD);
        addModelRow(settings, 1, model, Lane.CONSISTENCY);

        Spinner<Integer> blockSize = new Spinner<>(1, 256, model.blockSizeProperty().get());
        blockSize.setId("block-size");
        blockSize.setEditable(true);
        blockSize.setPrefWidth(80);
        blockSize.getValueFactory().valueProperty().bindBidirectional(blockSizeValue);
        Spinner<Integer> maxTokens = new Spinner<>(1, 4096, model.maxNewTokensProperty().get(), 16);
        maxTokens.setId("max-new-tokens");
        maxTokens.setEditable(true);
        maxTokens.setPrefWidth(90);
        maxTokens.getValueFactory().valueProperty().bindBidirectional(maxNewTokensValue);
        ComboBox<String> device = new ComboBox<>();
        device.setId("device");
        device.getItems().setAll("auto", "cpu", "gpu");
        device.valueProperty().bindBidirectional(model.deviceProperty());
        CheckBox timeAr = new CheckBox("Time AR reference");
        timeAr.setTooltip(new Tooltip("Also decode autoregressively, to show the speedup against AR"));
        timeAr.selectedProperty().bindBidirectional(model.timeArReferenceProperty());
        HBox numbers = new HBox(6, new Label("Block size n"), blockSize, new Label("Max new tokens"), maxTokens,
                new Label("Device"), device, timeAr);
        numbers.setAlignment(Pos.CENTER_LEFT);
        settings.add(numbers, 0, 2, 4, 1);

        Button run = new Button("Run");
        run.setId("run");
        run.setDefaultButton(false);
        run.getStyleClass().add("run-button");
        run.setOnAction(e -> model.run());
        run.disableProperty().bind(model.runningProperty().or(model.busyProperty()));
        Button stop = new Button("Stop");
        stop.setId("stop");
        stop.setOnAction(e -> model.stop());
        stop.disableProperty().bind(model.runningProperty().not());
        ProgressBar progress = new ProgressBar();
        progress.setId("progress");
        progress.setPrefWidth(160);
        progress.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty().or(model.busyProperty()));
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(model.statusProperty());
        // A fixed width: a long status must neither push the settings around nor squeeze
        // Run and Stop down to "...".
        status.setPrefWidth(380);
        status.setMaxWidth(380);
        status.setMinWidth(120);
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        stop.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.setTooltip(new Tooltip());
        status.getTooltip().textProperty().bind(status.textProperty());
        HBox actions = new HBox(8, run, stop, progress, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        settings.add(actions, 0, 3, 4, 1);

        getChildren().addAll(promptBox, settings);
    }

    private static void addModelRow(GridPane grid, int row, MainViewModel model, Lane lane) {
        LaneViewModel laneModel = model.lane(lane);
        Label path = new Label();
        path.setId("model-path-" + lane.name().toLowerCase());
        path.textProperty().bind(laneModel.modelDirectoryProperty().map(p -> p.toString())
                .orElse("none — choose a model directory"));
        path.setMaxWidth(220);
        path.setTooltip(new Tooltip());
        path.getTooltip().textProperty().bind(path.textProperty());
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> model.chooseModel(lane));
        choose.disableProperty().bind(model.runningProperty());
        Button clear = new Button("None");
        clear.setTooltip(new Tooltip("Leave this lane out of the next run"));
        clear.setOnAction(e -> laneModel.modelDirectoryProperty().set(null));
        clear.disableProperty().bind(model.runningProperty());
        grid.addRow(row, new Label(lane.title() + " model"), path, choose, clear);
    }
}
