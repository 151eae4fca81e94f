package dev.jacobilens.app;

import dev.jacobilens.app.lanes.LaneViewModel;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.MethodParameter;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

import java.util.HashMap;
import java.util.Map;

/**
 * A lane's method and its parameters: a menu of the methods and, for the chosen one, a field per
 * parameter (a spinner within the parameter's limits, or a check box for a switch) whose tooltip
 * says what it does, its limits and its default. A typed value outside the limits is refused
 * visibly: the field is marked and the status line says why (the ViewModel judges).
 */
final class MethodParameterBox extends HBox {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final MainViewModel model;
    private final Lane lane;
    private final HBox fields = new HBox(4);
    private final Map<String, Spinner<Integer>> spinners = new HashMap<>();
    private final Map<String, CheckBox> switches = new HashMap<>();

    MethodParameterBox(MainViewModel model, Lane lane) {
        super(6);
        this.model = model;
        this.lane = lane;
        setAlignment(Pos.CENTER_LEFT);
        setMinWidth(Region.USE_PREF_SIZE);
        LaneViewModel laneModel = model.lane(lane);
        String name = lane.name().toLowerCase();
        ComboBox<DecodeMethod> method = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                DecodeMethod.defaults()));
        method.setId("method-" + name);
        method.disableProperty().bind(model.runningProperty());
        method.setMinWidth(Region.USE_PREF_SIZE);
        method.setCellFactory(list -> new MethodCell());
        method.setButtonCell(new MethodCell());
        StringBuilder help = new StringBuilder("How this lane decodes; all give the model's greedy output.");
        DecodeMethod.defaults().forEach(m -> help.append('\n').append(m.summary()));
        method.setTooltip(new Tooltip(help.toString()));
        method.setValue(sameKind(laneModel.methodProperty().get()));
        // choosing another method starts it at its defaults; choosing the same one keeps its values
        method.setOnAction(e -> {
            DecodeMethod chosen = method.getValue();
            if (chosen != null && chosen.getClass() != laneModel.methodProperty().get().getClass()) {
                laneModel.methodProperty().set(chosen);
            }
        });
        fields.setId("parameters-" + name);
        fields.setAlignment(Pos.CENTER_LEFT);
        fields.setMinWidth(Region.USE_PREF_SIZE);
        fields.disableProperty().bind(model.runningProperty());
        laneModel.methodProperty().addListener((obs, old, now) -> {
            method.setValue(sameKind(now));
            if (old == null || old.getClass() != now.getClass()) {
                model.methodChanged(lane);
                build(now);
            } else {
                showValues(now);
            }
        });
        model.inputProblemProperty().addListener((obs, old, now) -> markRefused(now));
        build(laneModel.methodProperty().get());
        getChildren().addAll(method, fields);
    }

    /** A method in the menu, by its label. */
    private static final class MethodCell extends ListCell<DecodeMethod> {
        @Override
        protected void updateItem(DecodeMethod m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? "" : m.label());
        }
    }

    /** The menu's entry for a method: its default instance. */
    private static DecodeMethod sameKind(DecodeMethod m) {
        return DecodeMethod.defaults().stream().filter(d -> d.getClass() == m.getClass()).findFirst().orElse(m);
    }

    private void build(DecodeMethod method) {
        fields.getChildren().clear();
        spinners.clear();
        switches.clear();
        for (MethodParameter p : method.parameters()) {
            fields.getChildren().add(field(method, p));
        }
    }

    private Node field(DecodeMethod method, MethodParameter p) {
        String id = "param-" + lane.name().toLowerCase() + "-" + p.key();
        Tooltip tip = new Tooltip(p.label() + ": " + p.description() + "\nLimits: " + p.limits() + " · default "
                + (p.isSwitch() ? (p.defaultValue() != 0 ? "on" : "off") : p.format(p.defaultValue())));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        int value = method.values().get(p.key());
        if (p.isSwitch()) {
            CheckBox box = new CheckBox(p.label());
            box.setId(id);
            box.setSelected(value != 0);
            box.setTooltip(tip);
            box.setMinWidth(Region.USE_PREF_SIZE);
            box.selectedProperty().addListener((obs, old, now) -> model.setParameterSwitch(lane, p, now));
            switches.put(p.key(), box);
            return box;
        }
        int low = p.off() == MethodParameter.NO_OFF ? p.min() : Math.min(p.off(), p.min());
        Spinner<Integer> spinner = RunPanel.numberSpinner(id, low, p.max(), 1, value,
                text -> model.setParameterText(lane, p, text));
        spinner.setTooltip(tip);
        spinners.put(p.key(), spinner);
        Label label = new Label(p.symbol());
        label.setTooltip(tip);
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(3, label, spinner);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    /** Values set from elsewhere (settings, a test) reach the fields of the same method. */
    private void showValues(DecodeMethod method) {
        method.values().forEach((key, value) -> {
            Spinner<Integer> spinner = spinners.get(key);
            if (spinner != null && !value.equals(spinner.getValue())) {
                spinner.getValueFactory().setValue(value);
            }
            CheckBox box = switches.get(key);
            if (box != null && box.isSelected() != (value != 0)) {
                box.setSelected(value != 0);
            }
        });
    }

    private void markRefused(String problem) {
        DecodeMethod method = model.lane(lane).methodProperty().get();
        for (MethodParameter p : method.parameters()) {
            Spinner<Integer> spinner = spinners.get(p.key());
            if (spinner != null) {
                spinner.getEditor().pseudoClassStateChanged(INVALID,
                        problem != null && problem.startsWith(MainViewModel.parameterName(lane, p)));
            }
        }
    }
}
