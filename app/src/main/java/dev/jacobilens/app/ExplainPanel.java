package dev.jacobilens.app;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/** "What am I seeing?": Jacobi iterations, the fixed point and why the consistency model jumps. */
final class ExplainPanel extends ScrollPane {
    static final String[][] SECTIONS = {
            {"Jacobi decoding", "A normal language model writes one token per forward pass. Jacobi decoding guesses a "
                    + "whole block of n tokens and refines all of them together, one forward pass per iteration. "
                    + "Each row of a lane's grid is the block after one more iteration."},
            {"The fixed point", "The block stops changing when every token equals what the model would write "
                    + "greedily after the tokens before it: the fixed point. It is exactly the text ordinary "
                    + "one-token-at-a-time (AR) decoding produces, so nothing is lost in quality."},
            {"Accepted and fast-forwarded", "After each pass the right prefix of the block is accepted. A plain "
                    + "model gets about one new token right per pass, so it needs about as many passes as AR. "
                    + "When a pass accepts several tokens at once, they are fast-forwarded (the badge says +9)."},
            {"Why the consistency model needs fewer passes", "The consistency model (CLLM) is the same model "
                    + "fine-tuned on its own Jacobi trajectories to map any state of a block straight to its fixed "
                    + "point. It fast-forwards many tokens per pass and keeps right tokens stationary behind wrong "
                    + "ones, so it reaches the same kind of answer in far fewer forward passes."},
            {"Reading the screen", "Compare the large counters: forward passes made and tokens written. The plots "
                    + "show iterations per block, tokens per pass and the speedup against AR. Space plays, ← → "
                    + "step one pass, Home/End jump; hover a token for its id and the pass that accepted it."}};

    /** Before the methods' own one-line summaries (from the method type, so a new method appears here). */
    static final String METHODS_INTRO = "Each lane can decode with another method (the box beside its model). All of "
            + "them write the same text as that model's AR decoding; they differ in how many tokens one forward "
            + "pass settles. For lookahead, speculative, Medusa and multi-block passes the grid shows what the pass "
            + "checked, its rows named above it; hover a cell for what it is.";

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        return label;
    }

    ExplainPanel(Runnable close) {
        VBox box = new VBox(8);
        box.setPadding(new Insets(10));
        Label title = new Label("What am I seeing?");
        title.getStyleClass().add("panel-title");
        box.getChildren().add(title);
        for (String[] section : SECTIONS) {
            Label heading = new Label(section[0]);
            heading.getStyleClass().add("panel-subtitle");
            heading.setWrapText(true);
            box.getChildren().addAll(heading, wrapped(section[1]));
        }
        Label methods = new Label("The other methods");
        methods.getStyleClass().add("panel-subtitle");
        box.getChildren().addAll(methods, wrapped(METHODS_INTRO));
        for (dev.jacobilens.store.method.DecodeMethod m : dev.jacobilens.store.method.DecodeMethod.defaults()) {
            box.getChildren().add(wrapped("• " + m.summary()));
        }
        Label colours = new Label("Token colours");
        colours.getStyleClass().add("panel-subtitle");
        box.getChildren().add(colours);
        for (dev.jacobilens.app.chips.ChipState state : dev.jacobilens.app.chips.ChipWords.LEGEND_ORDER) {
            box.getChildren().add(wrapped(dev.jacobilens.app.chips.ChipWords.name(state) + ": "
                    + dev.jacobilens.app.chips.ChipWords.meaning(state)));
        }
        Button hide = new Button("Close");
        hide.setOnAction(e -> close.run());
        box.getChildren().add(hide);
        setContent(box);
        setFitToWidth(true);
        setId("explain-panel");
        getStyleClass().add("explain-panel");
        setPrefWidth(320);
        setMinWidth(0);
        setStyle("-fx-effect: dropshadow(gaussian, rgba(0,0,0,0.25), 12, 0, -2, 2);");
        setHbarPolicy(ScrollBarPolicy.NEVER);
    }
}
