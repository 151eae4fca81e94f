package dev.jacobilens.app.ui;

import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.files.StoreRecordingIo;
import dev.jacobilens.app.playback.Frame;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jacobilens.app.ui.AppUnderTest.chipStates;
import static dev.jacobilens.app.ui.AppUnderTest.onFx;
import static dev.jacobilens.app.ui.AppUnderTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays a hand-built comparison from samples/ with no model, through the window. */
@ExtendWith(ApplicationExtension.class)
class ReplayUiTest {
    @TempDir
    static Path home;
    private static final Comparison COMPARISON = TestRecordings.comparison(3, 16);
    private MainViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        Path recordings = Files.createDirectories(home.resolve("samples/recordings"));
        new StoreRecordingIo().save(recordings.resolve("two-lanes.json"), COMPARISON);
        this.stage = stage;
        model = AppUnderTest.open(stage, home, (dir, device, progress) -> {
            throw new EngineException(dir + " is not a model directory: config.json is missing");
        });
    }

    @Test
    void opensASampleAndStepsThroughIterations(FxRobot robot) throws Exception {
        assertEquals("no model — choose a model directory or open a recording",
                robot.lookup("#lane-standard-model").queryLabeled().getText());
        robot.clickOn("File").clickOn("Samples").clickOn("two-lanes");
        waitUntil("the sample is open", 20, () -> model.playback().frameCountProperty().get() > 0);

        Recording standard = COMPARISON.standard();
        Recording consistency = COMPARISON.consistency();
        int frames = Math.max(standard.forwardPasses(), consistency.forwardPasses()) - 1;
        assertEquals(frames, (int) onFx(() -> model.playback().frameCountProperty().get()));
        Screenshots.save(stage.getScene(), "replay-opened");

        StoreChipStates calculator = new StoreChipStates();
        robot.clickOn("#lane-standard-grid");
        for (int step = 0; step < 6; step++) {
            Frame frame = onFx(() -> model.playback().frameProperty().get());
            assertLaneShows(robot, "#lane-standard-chips", standard, frame.standard(), calculator);
            assertLaneShows(robot, "#lane-consistency-chips", consistency, frame.consistency(), calculator);
            robot.type(KeyCode.RIGHT);
        }
        assertEquals(6, (int) onFx(() -> model.playback().frameIndexProperty().get()), "→ steps one frame");
        javafx.scene.chart.LineChart<?, ?> cumulative = robot.lookup("#plot-cumulative").query();
        assertEquals(8, cumulative.getData().get(0).getData().size(), "prompt pass + 7 passes of the standard lane");
        Screenshots.save(stage.getScene(), "replay-stepped");

        robot.type(KeyCode.END);
        assertEquals(frames - 1, (int) onFx(() -> model.playback().frameIndexProperty().get()));
        assertTrue(robot.lookup("#speedup-standard").queryLabeled().getText().contains("in wall time"));
        robot.type(KeyCode.LEFT);
        assertEquals(frames - 2, (int) onFx(() -> model.playback().frameIndexProperty().get()));
        robot.type(KeyCode.HOME);
        assertEquals(0, (int) onFx(() -> model.playback().frameIndexProperty().get()));
        robot.type(KeyCode.SPACE);
        assertTrue(onFx(() -> model.playback().playingProperty().get()), "space plays");
        robot.type(KeyCode.SPACE);
        assertTrue(!onFx(() -> model.playback().playingProperty().get()), "space pauses");
        robot.type(KeyCode.END);
        Screenshots.save(stage.getScene(), "replay-finished");
    }

    @Test
    void exportsAGifWithAFramePerIteration(FxRobot robot) throws Exception {
        Path sample = home.resolve("samples/recordings/two-lanes.json");
        onFx(() -> {
            model.open(sample);
            return null;
        });
        waitUntil("the sample is open", 20, () -> model.playback().frameCountProperty().get() > 0);
        Path gif = home.resolve("run.gif");
        onFx(() -> {
            model.exports().exportGif(gif);
            return null;
        });
        waitUntil("the GIF is written", 60, () -> model.statusProperty().get().startsWith("Exported"));
        int frames = onFx(() -> model.playback().frameCountProperty().get());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(frames, reader.getNumImages(true));
        }
        Files.copy(gif, Path.of(System.getProperty("jacobilens.screenshots", "target/screenshots")).resolve("replay.gif"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aDamagedRecordingIsADialogAndTheWindowStaysUsable(FxRobot robot) throws Exception {
        Path broken = Files.writeString(home.resolve("broken.json"), "{\"standard\": {\"blocks\": [");
        onFx(() -> {
            model.open(broken);
            return null;
        });
        waitUntil("an error dialog", 20, () -> errorDialog() != null);
        Screenshots.save(errorDialog().getScene(), "error-damaged-recording");
        String text = robot.from(errorDialog().getScene().getRoot()).lookup(".label").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).reduce("", String::concat);
        assertTrue(text.contains("broken.json"), text);
        robot.clickOn("OK");
        waitUntil("the dialog is gone", 10, () -> errorDialog() == null);

        // A run with a bad model directory reports per lane and leaves the window usable.
        onFx(() -> {
            model.lane(Lane.STANDARD).modelDirectoryProperty().set(home.resolve("no-such-model"));
            model.promptProperty().set("2 + 3 =");
            model.run();
            return null;
        });
        waitUntil("the failed run ends", 20, () -> !model.runningProperty().get() && errorDialog() != null);
        assertTrue(robot.from(errorDialog().getScene().getRoot()).lookup(".label").queryAll().stream()
                .anyMatch(n -> ((javafx.scene.control.Labeled) n).getText().contains("config.json is missing")));
        Screenshots.save(errorDialog().getScene(), "error-bad-model");
        robot.clickOn("OK");
        assertTrue(!robot.lookup("#run").queryButton().isDisabled(), "Run is available again");
    }

    private static Window errorDialog() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot().lookup("#error-dialog") != null)
                .findFirst().orElse(null);
    }

    private static void assertLaneShows(FxRobot robot, String chipsId, Recording recording, PassPosition at,
                                        StoreChipStates calculator) {
        List<?> expected = List.of(calculator.states(recording.blocks().get(at.block()), at.iteration(), true));
        assertEquals(expected, chipStates(robot.lookup(chipsId).query()), chipsId + " at " + at);
    }
}
