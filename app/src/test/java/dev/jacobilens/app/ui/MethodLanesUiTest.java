package dev.jacobilens.app.ui;

import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.store.DecodeSettings;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.jacobilens.app.ui.AppUnderTest.onFx;
import static dev.jacobilens.app.ui.AppUnderTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lookahead lane beside a speculative one, decoded live and stepped through. */
@ExtendWith(ApplicationExtension.class)
class MethodLanesUiTest {
    @TempDir
    static Path home;
    private MainViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        // The fixture model drafts for itself: the simplest draft that shares the tokenizer.
        Path models = Files.createDirectories(home.resolve("assets/models"));
        if (!Files.exists(models.resolve("draft"))) {
            Files.createSymbolicLink(models.resolve("draft"), Fixtures.tinyLlama().toAbsolutePath());
        }
        this.stage = stage;
        model = AppUnderTest.open(stage, home, Models::load);
        model.lane(Lane.STANDARD).modelDirectoryProperty().set(Fixtures.tinyLlama());
        model.lane(Lane.CONSISTENCY).modelDirectoryProperty().set(Fixtures.tinyLlama());
    }

    @Test
    void eachMethodsPassIsDrawnItsOwnWay(FxRobot robot) throws Exception {
        onFx(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
            model.promptProperty().set("the cat has 3 apples and 4 pears");
            model.maxNewTokensProperty().set(24);
            model.deviceProperty().set("cpu");
            model.timeArReferenceProperty().set(false);
            model.lane(Lane.STANDARD).methodProperty().set(dev.jacobilens.store.method.Lookahead.DEFAULT);
            model.lane(Lane.CONSISTENCY).methodProperty().set(dev.jacobilens.store.method.Speculative.DEFAULT);
            return null;
        });
        onFx(() -> {
            model.run();
            return null;
        });
        waitUntil("both lanes decoded", 120, () -> !model.runningProperty().get()
                && model.trace(Lane.CONSISTENCY).recording() != null && model.trace(Lane.STANDARD).recording() != null);
        assertEquals(dev.jacobilens.store.method.Lookahead.DEFAULT,
                onFx(() -> model.trace(Lane.STANDARD).recording().settings().method()));
        assertEquals(dev.jacobilens.store.method.Speculative.DEFAULT,
                onFx(() -> model.trace(Lane.CONSISTENCY).recording().settings().method()));
        robot.type(KeyCode.HOME);
        robot.type(KeyCode.RIGHT);
        String lookahead = robot.lookup("#lane-standard-method").queryLabeled().getText();
        String speculative = robot.lookup("#lane-consistency-method").queryLabeled().getText();
        assertTrue(lookahead.startsWith("lookahead: window "), lookahead);
        assertTrue(speculative.startsWith("speculative: draft proposed "), speculative);
        assertTrue(robot.lookup("#lane-standard-model").queryLabeled().getText().contains("lookahead W="));
        Screenshots.save(stage.getScene(), "methods-lookahead-and-speculative-1280x720");
    }
}
