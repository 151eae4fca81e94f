package dev.jacobilens.app.chips;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/** The chip legend, in the paper's words: a sample chip per state with what it means. */
public final class LegendView extends FlowPane {

    public LegendView() {
        super(8, 2);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("legend");
        setId("legend");
        for (ChipState state : ChipWords.LEGEND_ORDER) {
            Text sample = new Text(ChipWords.name(state));
            sample.getStyleClass().add("chip-text");
            Label chip = new Label(null, sample);
            chip.getStyleClass().addAll("chip", ChipStyle.cssClass(state));
            // Names alone keep the legend to one line at 1280 px; the meaning is in the tooltip
            // and in the "What am I seeing?" panel.
            HBox entry = new HBox(5, chip);
            entry.setAlignment(Pos.CENTER_LEFT);
            entry.setMinWidth(Region.USE_PREF_SIZE);
            entry.setId("legend-" + state.label().replace(' ', '-'));
            Tooltip.install(entry, new Tooltip(ChipWords.name(state) + ": " + ChipWords.meaning(state) + " ("
                    + ChipStyle.of(state).cueDescription() + ")"));
            getChildren().add(entry);
        }
    }
}
