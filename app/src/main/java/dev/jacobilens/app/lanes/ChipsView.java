package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStyle;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.text.Text;
import javafx.util.Duration;

import java.util.List;

/**
 * The current block as a row of token chips. Chips are reused between frames (only their text,
 * tooltip and state class change), so stepping creates no nodes.
 */
public final class ChipsView extends FlowPane {

    public ChipsView() {
        super(4, 4);
        getStyleClass().add("chips");
    }

    public void show(ChipRow row) {
        List<Node> chips = getChildren();
        while (chips.size() > row.size()) {
            chips.remove(chips.size() - 1);
        }
        while (chips.size() < row.size()) {
            chips.add(newChip());
        }
        for (int i = 0; i < row.size(); i++) {
            Label chip = (Label) chips.get(i);
            Text text = (Text) chip.getGraphic();
            text.setText(row.tokens().get(i));
            chip.getTooltip().setText(row.detail(i));
            setState(chip, row.states().get(i));
        }
    }

    private static Label newChip() {
        // The token is a Text graphic so the stylesheet can colour and underline it per state.
        Text text = new Text();
        text.getStyleClass().add("chip-text");
        Label chip = new Label(null, text);
        chip.getStyleClass().add("chip");
        Tooltip tooltip = new Tooltip();
        tooltip.setShowDelay(Duration.millis(150));
        chip.setTooltip(tooltip);
        return chip;
    }

    private static void setState(Label chip, ChipState state) {
        String wanted = ChipStyle.cssClass(state);
        javafx.collections.ObservableList<String> classes = chip.getStyleClass();
        if (classes.size() == 2 && classes.get(1).equals(wanted)) {
            return;
        }
        classes.setAll("chip", wanted);
        chip.setUserData(state);
    }
}
