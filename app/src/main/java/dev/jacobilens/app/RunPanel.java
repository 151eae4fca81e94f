package dev.jacobilens.app;

import dev.jacobilens.app.files.SamplePrompt;
import dev.jacobilens.app.lanes.LaneViewModel;
import dev.jacobilens.app.trace.Lane;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The top of the window: prompt and sample prompts; then models, decoding settings and Run /
 * Stop in a row that wraps rather than cuts anything off when the window is narrow; then the
 * status line.
 */
final class RunPanel extends VBox {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    RunPanel(MainViewModel model) {
        super(4);
        setPadding(new Insets(6, 10, 4, 10));
        getStyleClass().add("run-panel");

        ComboBox<SamplePrompt> samples = new ComboBox<>(model.samplePrompts());
        samples.setId("sample-prompts");
        samples.promptTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.samplePrompts().isEmpty() ? "no sample prompts" : "Sample prompts ("
                        + model.samplePrompts().size() + ")…", model.samplePrompts()));
        samples.setTooltip(new Tooltip("maths-pair: held-out problems of the kinds the embedded maths pair was "
                + "trained on.\nbeyond-maths-pair: GSM8K-style questions outside those kinds, to show its limits."
                + "\nopenings: story openings for the stories pair."));
        samples.setPrefWidth(230);
        samples.setMinWidth(Region.USE_PREF_SIZE);
        samples.setOnAction(e -> model.useSample(samples.getValue()));
        TextArea prompt = new TextArea();
        prompt.setId("prompt");
        prompt.promptTextProperty().bind(model.promptHintProperty());
        prompt.setWrapText(true);
        prompt.setPrefRowCount(2);
        prompt.setMinHeight(44);
        prompt.textProperty().bindBidirectional(model.promptProperty());
        HBox.setHgrow(prompt, Priority.ALWAYS);

        Spinner<Integer> maxTokens = numberSpinner("max-new-tokens", 1, 4096, 16, model.maxNewTokensProperty().get(),
                text -> model.setMaxNewTokensText(text));
        model.maxNewTokensProperty().addListener((obs, old, now) -> maxTokens.getValueFactory().setValue(now.intValue()));
        model.inputProblemProperty().addListener((obs, old, now) -> {
            maxTokens.getEditor().pseudoClassStateChanged(INVALID, now != null && now.startsWith(MainViewModel.MAX_NEW_TOKENS));
        });
        ComboBox<String> device = new ComboBox<>(model.devices());
        device.setId("device");
        device.valueProperty().bindBidirectional(model.deviceProperty());
        device.setMinWidth(Region.USE_PREF_SIZE);
        device.setTooltip(new Tooltip("auto: a GPU when the engine sees one, else the CPU. The list is what "
                + "bin/jacobi-lens devices shows."));
        device.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return model.deviceLabel(id);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        CheckBox timeAr = new CheckBox("Time AR reference");
        timeAr.setMinWidth(Region.USE_PREF_SIZE);
        timeAr.setTooltip(new Tooltip("Also decode autoregressively, to show the speedup against AR"));
        timeAr.selectedProperty().bindBidirectional(model.timeArReferenceProperty());

        Button run = new Button("Run");
        run.setId("run");
        run.getStyleClass().add("run-button");
        run.setOnAction(e -> model.run());
        run.disableProperty().bind(model.runningProperty().or(model.busyProperty()));
        run.setMinWidth(Region.USE_PREF_SIZE);
        Button stop = new Button("Stop");
        stop.setId("stop");
        stop.setOnAction(e -> model.stop());
        stop.disableProperty().bind(model.runningProperty().not());
        stop.setMinWidth(Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.setId("progress");
        progress.setPrefWidth(120);
        progress.setMinWidth(Region.USE_PREF_SIZE);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty().or(model.busyProperty()));

        VBox actions = new VBox(4, group(run, stop), timeAr);
        HBox promptRow = new HBox(8, samples, prompt, actions);
        promptRow.setAlignment(Pos.TOP_LEFT);
        ComboBox<String> pairBox = new ComboBox<>(model.pairs());
        pairBox.setId("pair");
        pairBox.valueProperty().bindBidirectional(model.pairProperty());
        pairBox.disableProperty().bind(model.runningProperty());
        pairBox.setMinWidth(Region.USE_PREF_SIZE);
        pairBox.setTooltip(new Tooltip("Maths: our 3M-parameter model on GSM8K-style problems and its CLLM. "
                + "Stories: karpathy's stories260K (TinyStories) and its CLLM, for free text. Each pair brings "
                + "its sample prompts."));
        FlowPane settings = new FlowPane(16, 4, group(label("Pair"), pairBox),
                // a lane's method and parameters are a group of their own, so that a method with many
                // parameters (multi-block) wraps onto the next line at 1024 px instead of widening the window
                modelGroup(model, Lane.STANDARD), new MethodParameterBox(model, Lane.STANDARD),
                modelGroup(model, Lane.CONSISTENCY), new MethodParameterBox(model, Lane.CONSISTENCY),
                group(label("Max new tokens"), maxTokens),
                group(label("Device"), device));
        settings.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("status");
        status.getStyleClass().add("status-line");
        status.textProperty().bind(model.statusProperty());
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setMaxWidth(Double.MAX_VALUE);

        HBox.setHgrow(status, Priority.ALWAYS);
        HBox statusRow = new HBox(8, progress, status);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        // The bar takes room only while something runs.
        progress.managedProperty().bind(progress.visibleProperty());
        getChildren().addAll(promptRow, settings, statusRow);
    }

    /**
     * An integer spinner whose typed text goes to the ViewModel for checking. A bad entry is
     * refused visibly (red field, status message) instead of throwing or being silently dropped.
     */
    static Spinner<Integer> numberSpinner(String id, int min, int max, int step, int initial,
                                                  java.util.function.Consumer<String> typed) {
        Spinner<Integer> spinner = new Spinner<>();
        SpinnerValueFactory.IntegerSpinnerValueFactory values =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, initial, step);
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                // Never throws: the ViewModel judges the text, the spinner keeps its value.
                try {
                    int parsed = Integer.parseInt(text.trim());
                    return parsed >= min && parsed <= max ? parsed : values.getValue();
                } catch (NumberFormatException notANumber) {
                    return values.getValue();
                }
            }
        });
        spinner.setValueFactory(values);
        spinner.setId(id);
        spinner.setEditable(true);
        // Width in the stylesheet (em), so that the presentation zoom widens it with its digits.
        spinner.getStyleClass().add("number-spinner");
        spinner.setMinWidth(Region.USE_PREF_SIZE);
        spinner.getEditor().textProperty().addListener((obs, old, now) -> typed.accept(now));
        spinner.valueProperty().addListener((obs, old, now) -> typed.accept(String.valueOf(now)));
        return spinner;
    }

    private static Node modelGroup(MainViewModel model, Lane lane) {
        LaneViewModel laneModel = model.lane(lane);
        Label name = new Label();
        name.setId("model-path-" + lane.name().toLowerCase());
        name.getStyleClass().add("model-name");
        name.textProperty().bind(laneModel.modelDirectoryProperty().map(MainViewModel::modelName).orElse("none"));
        name.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip path = new Tooltip();
        path.textProperty().bind(laneModel.modelDirectoryProperty().map(p -> p.toAbsolutePath().toString())
                .orElse("No model: this lane is left out of the next run"));
        name.setTooltip(path);
        // The shipped models (Jacobi Forcing beside the consistency models), then any folder.
        MenuButton choose = new MenuButton("Choose…");
        choose.setId("choose-model-" + lane.name().toLowerCase());
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setTooltip(new Tooltip("A shipped model (standard, consistency (CLLM) or Jacobi Forcing, which comes"
                + " with multi-block decoding), or a Hugging Face model folder of your own"));
        Runnable fill = () -> {
            choose.getItems().clear();
            for (MainViewModel.EmbeddedModel m : model.embeddedModels()) {
                MenuItem item = new MenuItem(m.label());
                item.setOnAction(a -> model.useEmbeddedModel(lane, m));
                choose.getItems().add(item);
            }
            MenuItem folder = new MenuItem("Model folder…");
            folder.setOnAction(a -> model.chooseModel(lane));
            if (!choose.getItems().isEmpty()) {
                choose.getItems().add(new SeparatorMenuItem());
            }
            choose.getItems().add(folder);
        };
        fill.run();
        // again on each opening: a model trained meanwhile appears
        choose.setOnShowing(e -> fill.run());
        choose.disableProperty().bind(model.runningProperty());
        Button clear = new Button("None");
        clear.setMinWidth(Region.USE_PREF_SIZE);
        clear.setTooltip(new Tooltip("Leave this lane out of the next run"));
        clear.setOnAction(e -> laneModel.modelDirectoryProperty().set(null));
        clear.disableProperty().bind(model.runningProperty());
        return group(label(lane.title() + ":"), name, choose, clear);
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static HBox group(Node... nodes) {
        HBox box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }
}
