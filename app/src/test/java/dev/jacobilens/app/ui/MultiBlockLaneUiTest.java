package dev.jacobilens.app.ui;

import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.method.MultiBlock;
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
import static dev.jacobilens.app.ui.AppUnderTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-block lanes at 1280x720: the method's parameters appear from its descriptor, and a pass
 * with several blocks in flight is drawn stacked, with the badge and method line saying so.
 * Screenshots go to target/screenshots for a person to look at.
 */
@ExtendWith(ApplicationExtension.class)
class MultiBlockLaneUiTest {
    @TempDir
    static Path home;
    private MainViewModel model;
    private Stage stage;
    private static final Path MODELS = Path.of("..", "assets", "models").toAbsolutePath().normalize();

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        model = AppUnderTest.open(stage, home, Models::load);
        model.lane(Lane.STANDARD).modelDirectoryProperty().set(MODELS.resolve("standard"));
        model.lane(Lane.CONSISTENCY).modelDirectoryProperty().set(MODELS.resolve("consistency"));
    }

    @Test
    void aMultiBlockLaneShowsEveryBlockInFlight(FxRobot robot) throws Exception {
        onFx(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
            model.lane(Lane.STANDARD).methodProperty().set(MultiBlock.DEFAULT);
            model.lane(Lane.CONSISTENCY).methodProperty().set(new MultiBlock(16, 3, 0, true, 4, 4));
            return null;
        });
        // the parameters come from the descriptor: a spinner per number, a box for the switch
        waitUntil("the multi-block fields", 20, () -> onFx(() ->
                robot.lookup("#param-consistency-blocks").tryQuery().isPresent()));
        Spinner<Integer> blocks = robot.lookup("#param-consistency-blocks").query();
        assertEquals(3, (int) onFx(blocks::getValue));
        Spinner<Integer> spawn = robot.lookup("#param-consistency-spawn_percent").query();
        assertEquals(0, (int) onFx(spawn::getValue));
        assertTrue(robot.lookup("#param-consistency-recycle_ngram").tryQuery().isPresent());
        CheckBox recycling = robot.lookup("#param-consistency-recycling").query();
        assertTrue(onFx(recycling::isSelected));
        ComboBox<?> method = robot.lookup("#method-consistency").query();
        assertEquals("multiblock", onFx(() -> ((MultiBlock) method.getValue()).id()));
        Screenshots.save(stage.getScene(), "multiblock-parameters-1280x720");
        onFx(() -> {
            model.promptProperty().set("Jack has 42 candies. He buys 8 more candies, and then Max gives him 28 more."
                    + " How many candies does Jack have now?");
            model.maxNewTokensProperty().set(120);
            model.deviceProperty().set("cpu");
            model.timeArReferenceProperty().set(false);
            model.run();
            return null;
        });
        waitUntil("both lanes decoded", 180, () -> !model.runningProperty().get()
                && model.trace(Lane.CONSISTENCY).recording() != null && model.trace(Lane.STANDARD).recording() != null);
        Recording r = onFx(() -> model.trace(Lane.CONSISTENCY).recording());
        // the first pass with the most blocks in flight that all became the first block in turn
        // (none still in flight at EOS), one that used a recycled n-gram if there is one
        int best = -1;
        int bestScore = -1;
        for (PassCandidates c : r.passCandidates()) {
            boolean allConverged = c.inRole(PassCandidates.Role.BLOCK).stream()
                    .allMatch(b -> b.meta().get(PassCandidates.BLOCK) < r.blocks().size());
            int score = 10 * Metrics.blocksInFlight(c) + Math.min(1, Metrics.ngramTokensAccepted(c));
            if (allConverged && score > bestScore) {
                bestScore = score;
                best = c.pass();
            }
        }
        robot.type(KeyCode.HOME);
        for (int k = 2; k <= best; k++) {
            robot.type(KeyCode.RIGHT);
        }
        int shownPass = best;
        waitUntil("the pass shown", 20, () -> onFx(() -> robot.lookup("#lane-consistency-grid-title").queryLabeled()
                .getText().contains(" accepts")));
        int inFlight = Metrics.blocksInFlight(r.candidatesOf(shownPass));
        String title = robot.lookup("#lane-consistency-grid-title").queryLabeled().getText();
        String badge = robot.lookup("#lane-consistency-badge").queryLabeled().getText();
        assertTrue(badge.contains(inFlight + (inFlight == 1 ? " block" : " blocks") + " in flight"), badge);
        assertTrue(title.contains(inFlight > 2 ? " are drafts" : inFlight == 2 ? " is a draft" : " accepts"), title);
        assertFalse(robot.lookup("#lane-consistency-method").queryLabeled().isVisible(), "no method line: the title says it");
        Screenshots.save(stage.getScene(), "multiblock-lanes-1280x720");
        Screenshots.saveNode(robot.lookup("#lane-consistency").query(), "multiblock-consistency-lane-whole");
    }
}
