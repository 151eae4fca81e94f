package dev.jacobilens.app.ui;

import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.playback.Frame;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.Recording;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.jacobilens.app.ui.AppUnderTest.chipStates;
import static dev.jacobilens.app.ui.AppUnderTest.onFx;
import static dev.jacobilens.app.ui.AppUnderTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real decode of the fixture checkpoint, started and inspected through the window. */
@ExtendWith(ApplicationExtension.class)
class LiveDecodeUiTest {
    @TempDir
    static Path home;
    private MainViewModel model;
    private Stage stage;
    private final AtomicBoolean loadedOnFxThread = new AtomicBoolean();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = AppUnderTest.open(stage, home, (dir, device, progress) -> {
            loadedOnFxThread.compareAndSet(false, Platform.isFxApplicationThread());
            return Models.load(dir, device, progress);
        });
        model.lane(Lane.STANDARD).modelDirectoryProperty().set(Fixtures.tinyLlama());
        model.lane(Lane.CONSISTENCY).modelDirectoryProperty().set(Fixtures.tinyLlama());
    }

    @Test
    void runsBothLanesAndStepsThroughTheRecordedIterations(FxRobot robot) throws Exception {
        robot.clickOn("#prompt").write("the cat has 3 apples and 4 pears");
        onFx(() -> {
            model.lane(Lane.STANDARD).methodProperty().set(dev.jacobilens.store.method.Jacobi.of(8));
            model.lane(Lane.CONSISTENCY).methodProperty().set(dev.jacobilens.store.method.Jacobi.of(8));
            model.maxNewTokensProperty().set(24);
            model.deviceProperty().set("cpu");
            return null;
        });
        assertEquals(8, robot.lookup("#param-standard-block_size").<javafx.scene.control.Spinner<Integer>>query()
                .getValue(), "the lane's block size field follows the setting");
        robot.clickOn("#run");
        assertTrue(onFx(() -> model.runningProperty().get()) || onFx(() -> model.trace(Lane.STANDARD).passCount() > 0));
        waitUntil("both lanes decoded", 120, () -> !model.runningProperty().get()
                && model.trace(Lane.CONSISTENCY).recording() != null);
        assertFalse(loadedOnFxThread.get(), "models load off the FX thread");
        Screenshots.save(stage.getScene(), "live-finished");

        // After Run the keyboard belongs to playback: Space plays instead of typing a space.
        robot.type(KeyCode.SPACE);
        assertEquals("the cat has 3 apples and 4 pears", onFx(() -> model.promptProperty().get()));
        assertTrue(onFx(() -> model.playback().playingProperty().get()), "Space after Run plays");
        robot.type(KeyCode.SPACE);
        assertFalse(onFx(() -> model.playback().playingProperty().get()), "Space again pauses");

        Recording standard = onFx(() -> model.trace(Lane.STANDARD).recording());
        Recording consistency = onFx(() -> model.trace(Lane.CONSISTENCY).recording());
        assertEquals("the cat has 3 apples and 4 pears", standard.promptText());
        assertEquals(Math.max(standard.forwardPasses(), consistency.forwardPasses()) - 1,
                (int) onFx(() -> model.playback().frameCountProperty().get()));

        robot.clickOn("#lane-standard-grid");
        robot.type(KeyCode.HOME);
        StoreChipStates calculator = new StoreChipStates();
        int frames = onFx(() -> model.playback().frameCountProperty().get());
        for (int i = 0; i < frames; i++) {
            Frame frame = onFx(() -> model.playback().frameProperty().get());
            assertEquals(i, (int) onFx(() -> model.playback().frameIndexProperty().get()));
            assertShows(robot, "#lane-standard-chips", standard, frame.standard(), calculator);
            assertShows(robot, "#lane-consistency-chips", consistency, frame.consistency(), calculator);
            if (i == 2) {
                Screenshots.save(stage.getScene(), "live-stepped");
            }
            robot.type(KeyCode.RIGHT);
        }
        assertTrue(robot.lookup("#speedup-standard").queryLabeled().getText().contains("in wall time"),
                "the AR reference was timed");
    }

    private static void assertShows(FxRobot robot, String chipsId, Recording recording, PassPosition at,
                                    StoreChipStates calculator) {
        List<?> expected = List.of(calculator.states(recording.blocks().get(at.block()), at.iteration(), true));
        assertEquals(expected, chipStates(robot.lookup(chipsId).query()), chipsId + " at " + at);
    }
}
