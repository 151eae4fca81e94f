package dev.jacobilens.app.ui;

import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Lookahead;
import dev.jacobilens.store.method.Speculative;
import javafx.css.PseudoClass;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;

import static dev.jacobilens.app.ui.AppUnderTest.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing a lane's method shows its parameters, with limits and tooltips; bad values are refused visibly. */
@ExtendWith(ApplicationExtension.class)
class MethodParametersUiTest {
    @TempDir
    static Path home;
    private MainViewModel model;

    @Start
    void start(Stage stage) throws Exception {
        model = AppUnderTest.open(stage, home, Models::load);
        model.lane(Lane.STANDARD).modelDirectoryProperty().set(Fixtures.tinyLlama());
    }

    @Test
    void aChosenMethodShowsItsParametersAndRefusesValuesOutsideTheirLimits(FxRobot robot) throws Exception {
        ComboBox<DecodeMethod> method = robot.lookup("#method-standard").query();
        assertTrue(robot.lookup("#param-standard-block_size").tryQuery().isPresent(), "Jacobi's n at launch");
        onFx(() -> {
            method.getSelectionModel().select(Lookahead.DEFAULT); // fires the menu's action, as a click does
            return null;
        });
        assertEquals(Lookahead.DEFAULT, onFx(() -> model.lane(Lane.STANDARD).methodProperty().get()));
        assertFalse(robot.lookup("#param-standard-block_size").tryQuery().isPresent(), "Jacobi's fields are gone");
        // the fields are rebuilt on the FX thread: look them up only once it has drawn them
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Spinner<Integer> window = robot.lookup("#param-standard-window").query();
        CheckBox text = robot.lookup("#param-standard-text_ngrams").query();
        String tip = window.getTooltip().getText();
        assertTrue(tip.startsWith("Window W: Parallel Jacobi guesses") && tip.contains("Limits: 1 to 64 · default 12"),
                tip);
        assertTrue(text.isSelected());

        robot.clickOn(window.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write("99").type(KeyCode.TAB);
        String problem = onFx(() -> model.inputProblemProperty().get());
        assertEquals("Standard Window W: 99 is outside its limits, 1 to 64.", problem);
        assertTrue(window.getEditor().getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")));
        assertEquals(new Lookahead(9, 6, 12, true), onFx(() -> model.lane(Lane.STANDARD).methodProperty().get()),
                "the method keeps the last valid value typed (the first 9), never 99");

        robot.clickOn(window.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write("8").type(KeyCode.TAB);
        robot.clickOn(text);
        assertEquals(null, onFx(() -> model.inputProblemProperty().get()));
        assertFalse(window.getEditor().getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")));
        assertEquals(new Lookahead(8, 6, 12, false), onFx(() -> model.lane(Lane.STANDARD).methodProperty().get()));

        onFx(() -> {
            method.getSelectionModel().select(Speculative.DEFAULT);
            return null;
        });
        Spinner<Integer> k = robot.lookup("#param-standard-draft_tokens").query();
        assertEquals(4, k.getValue());
        assertFalse(robot.lookup("#param-standard-window").tryQuery().isPresent());
    }
}
