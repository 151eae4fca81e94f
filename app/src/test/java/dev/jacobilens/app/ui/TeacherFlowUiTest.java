package dev.jacobilens.app.ui;

import dev.jacobilens.app.AppHome;
import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.MainWindow;
import dev.jacobilens.app.settings.SettingsStore;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.RecordingFiles;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.jacobilens.app.ui.AppUnderTest.onFx;
import static dev.jacobilens.app.ui.AppUnderTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A teacher's first minutes, on the comparisons this project ships: the window opens on a
 * sample paused at its first pass, Space plays it, nothing is cut off at projector sizes, and
 * tokens explain themselves on hover.
 */
@ExtendWith(ApplicationExtension.class)
class TeacherFlowUiTest {
    private static final Path SHIPPED = Path.of("..", "samples");
    @TempDir
    static Path home;
    private MainViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        copy(SHIPPED.resolve("recordings"), Files.createDirectories(home.resolve("samples/recordings")));
        copy(SHIPPED.resolve("prompts"), Files.createDirectories(home.resolve("samples/prompts")));
        this.stage = stage;
        model = MainWindow.openReadyToTeach(stage, new AppHome(home), (dir, device, progress) -> {
            throw new AssertionError("replaying a shipped sample needs no model");
        }, new SettingsStore(home.resolve("settings/session.properties")));
        stage.show();
    }

    @Test
    void opensOnASampleReadyToPlayAndFitsProjectorSizes(FxRobot robot) throws Exception {
        waitUntil("the startup sample is open", 20, () -> model.playback().frameCountProperty().get() > 0);
        Path first = onFx(() -> model.sampleRecordings().get(0));
        Comparison shipped = RecordingFiles.readComparison(first);
        assertEquals(shipped.promptText(), onFx(() -> model.promptProperty().get()), "its prompt is shown");
        assertEquals(0, (int) onFx(() -> model.playback().frameIndexProperty().get()), "paused at the first pass");
        assertFalse(onFx(() -> model.playback().playingProperty().get()));
        assertEquals("2", robot.lookup("#lane-standard-passes").queryLabeled().getText(),
                "the counter shows the prompt pass and the first block pass");

        robot.type(KeyCode.SPACE);
        assertTrue(onFx(() -> model.playback().playingProperty().get()), "Space plays at once after launch");
        robot.type(KeyCode.SPACE);
        assertEquals(shipped.promptText(), onFx(() -> model.promptProperty().get()), "Space typed nothing");

        for (int[] size : new int[][] {{1280, 720}, {1024, 768}}) {
            onFx(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                return null;
            });
            robot.type(KeyCode.END);
            robot.sleep(300);
            List<String> cut = onFx(() -> truncated(stage.getScene().getRoot()));
            Screenshots.save(stage.getScene(), "teacher-" + size[0] + "x" + size[1]);
            assertTrue(cut.isEmpty(), "cut off at " + size[0] + "x" + size[1] + ": " + cut);
            assertEquals(String.valueOf(shipped.standard().forwardPasses()),
                    robot.lookup("#lane-standard-passes").queryLabeled().getText(), "the run's passes at the end");
            assertEquals(String.valueOf(shipped.consistency().forwardPasses()),
                    robot.lookup("#lane-consistency-passes").queryLabeled().getText());
        }
        onFx(() -> {
            model.display().schemeProperty().set(dev.jacobilens.app.chips.ChipScheme.PAPER);
            model.display().explainingProperty().set(true);
            return null;
        });
        robot.sleep(300);
        Screenshots.save(stage.getScene(), "teacher-paper-explained-1024x768");
        assertTrue(robot.lookup("#explain-panel").query().isVisible());
        List<String> cut = onFx(() -> truncated(stage.getScene().getRoot()));
        assertTrue(cut.isEmpty(), "cut off with the explanation open: " + cut);
    }

    @Test
    void samplesListCompressedRecordingsAndGiveTheKeyboardBackToPlayback(FxRobot robot) throws Exception {
        waitUntil("the startup sample is open", 20, () -> model.playback().frameCountProperty().get() > 0);
        List<Path> listed = onFx(() -> List.copyOf(model.sampleRecordings()));
        assertTrue(listed.size() >= 3 && listed.stream().allMatch(p -> p.toString().endsWith(".json.gz")), listed.toString());
        robot.clickOn("#prompt");
        String second = dev.jacobilens.app.files.Samples.title(listed.get(1));
        // File › Samples lists the shipped .json.gz comparisons by name; choosing one opens it.
        javafx.scene.control.MenuItem item = onFx(() -> {
            MenuBar bar = (MenuBar) stage.getScene().getRoot().lookup(".menu-bar");
            javafx.scene.control.Menu samples = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                    .filter(i -> "Samples".equals(i.getText())).findFirst().orElseThrow();
            return samples.getItems().stream().filter(i -> second.equals(i.getText())).findFirst().orElseThrow();
        });
        onFx(() -> {
            item.fire();
            return null;
        });
        waitUntil("the second sample is open", 20, () -> model.statusProperty().get().startsWith("Opened "
                + listed.get(1).getFileName()));
        String prompt = onFx(() -> model.promptProperty().get());
        robot.sleep(200);
        robot.type(KeyCode.RIGHT);
        assertEquals(1, (int) onFx(() -> model.playback().frameIndexProperty().get()), "→ steps after opening a sample");
        robot.type(KeyCode.SPACE);
        assertTrue(onFx(() -> model.playback().playingProperty().get()), "Space plays after opening a sample");
        robot.type(KeyCode.SPACE);
        assertEquals(prompt, onFx(() -> model.promptProperty().get()), "the prompt box took no keys");
    }

    @Test
    void chipsAndGridCellsSayWhatTheyAre(FxRobot robot) throws Exception {
        waitUntil("the startup sample is open", 20, () -> model.playback().frameCountProperty().get() > 0);
        robot.type(KeyCode.END);
        Label chip = (Label) robot.lookup("#lane-consistency-chips").queryParent().getChildrenUnmodifiable().get(0);
        String tip = onFx(() -> chip.getTooltip().getText());
        assertTrue(tip.contains(" · id ") && tip.contains("accepted by forward pass"), tip);
        dev.jacobilens.app.lanes.TrajectoryGridView grid = robot.lookup("#lane-consistency-grid").query();
        String cell = onFx(() -> grid.describeCellAt(grid.getWidth() - 5, grid.rowHeight() / 2));
        assertTrue(cell != null && cell.contains("initial guess"), String.valueOf(cell));
        assertEquals(null, onFx(() -> grid.describeCellAt(grid.getWidth() - 5, grid.getHeight() + 50)));
    }

    /** Every visible label whose text is elided, and every number field too narrow for its value. */
    private static List<String> truncated(Parent root) {
        List<String> cut = new ArrayList<>();
        collect(root, cut, root.getScene().getWidth(), root.getScene().getHeight());
        return cut;
    }

    private static void collect(Node node, List<String> cut, double width, double height) {
        if (!node.isVisible() || node instanceof MenuBar) {
            return;
        }
        if (node instanceof Control && !insideScrollPane(node)) {
            javafx.geometry.Bounds b = node.localToScene(node.getLayoutBounds());
            if (b.getMaxX() > width + 1 || b.getMaxY() > height + 1) {
                cut.add((node.getId() != null ? "#" + node.getId() : node.getClass().getSimpleName())
                        + " sticks out of the window at " + (int) b.getMaxX() + "," + (int) b.getMaxY());
            }
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            Node text = labeled.lookup(".text");
            if (text instanceof Text shown && !shown.getText().equals(labeled.getText())) {
                cut.add("“" + labeled.getText() + "” shown as “" + shown.getText() + "”");
            }
        }
        if (node instanceof Spinner<?> spinner) {
            Text probe = new Text(spinner.getEditor().getText());
            probe.setFont(spinner.getEditor().getFont());
            double room = spinner.getEditor().getWidth() - spinner.getEditor().getPadding().getLeft()
                    - spinner.getEditor().getPadding().getRight();
            if (probe.getLayoutBounds().getWidth() > room) {
                cut.add(spinner.getId() + " shows “" + spinner.getEditor().getText() + "” in " + room + " px");
            }
        }
        if (node instanceof Control control && control.getWidth() < 1 && control.isManaged()) {
            cut.add(node.getId() + " has no width");
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, cut, width, height));
        }
    }

    private static boolean insideScrollPane(Node node) {
        for (Node up = node.getParent(); up != null; up = up.getParent()) {
            if (up instanceof javafx.scene.control.ScrollPane) {
                return true;
            }
        }
        return false;
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
