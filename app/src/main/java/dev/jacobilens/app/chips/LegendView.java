package dev.jacobilens.app.chips;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.text.Text;

/** The chip legend: a sample chip per state with what it means. */
public final class LegendView extends FlowPane {

    public LegendView() {
        super(14, 4);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("legend");
        setId("legend");
        for (ChipState state : ChipState.values()) {
            Text sample = new Text(state.label());
            sample.getStyleClass().add("chip-text");
            Label chip = new Label(null, sample);
            chip.getStyleClass().addAll("chip", ChipStyle.cssClass(state));
            Label meaning = new Label(state.meaning());
            meaning.getStyleClass().add("legend-meaning");
            Label entry = new Label(null, new javafx.scene.layout.HBox(5, chip, meaning));
            Tooltip.install(entry, new Tooltip(state.meaning() + " — " + ChipStyle.of(state).cueDescription()));
            getChildren().add(entry);
        }
    }
}
