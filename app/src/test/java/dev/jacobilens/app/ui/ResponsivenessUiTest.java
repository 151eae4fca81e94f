package dev.jacobilens.app.ui;

import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.files.StoreRecordingIo;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jacobilens.app.ui.AppUnderTest.onFx;
import static dev.jacobilens.app.ui.AppUnderTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Steps through 64-token blocks in both lanes and measures, for every step, the time from the
 * step command on the FX thread to the end of the layout pass that shows it: how long the UI
 * is busy per iteration. The figures are written to target/screenshots/responsiveness.txt.
 */
@ExtendWith(ApplicationExtension.class)
class ResponsivenessUiTest {
    @TempDir
    static Path home;
    private MainViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = AppUnderTest.open(stage, home, (dir, device, progress) -> {
            throw new IllegalStateException("no model in this test");
        });
    }

    @Test
    void steppingA64TokenBlockStaysFast() throws Exception {
        List<BlockTrajectory> slow = new ArrayList<>();
        List<BlockTrajectory> fast = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            slow.add(TestRecordings.randomBlock(b, 64, 2, 10 + b));
            fast.add(TestRecordings.randomBlock(b, 64, 24, 20 + b));
        }
        Recording standard = TestRecordings.recording("standard", slow);
        Recording consistency = TestRecordings.recording("consistency", fast);
        Path file = home.resolve("n64.json");
        new StoreRecordingIo().save(file, new Comparison("64-token blocks", standard, consistency, null, null));
        onFx(() -> {
            model.open(file);
            return null;
        });
        waitUntil("opened", 20, () -> model.playback().frameCountProperty().get() > 0);
        int frames = onFx(() -> model.playback().frameCountProperty().get());
        assertEquals(standard.forwardPasses() - 1, frames);

        Scene scene = stage.getScene();
        long[] nanos = new long[frames - 1];
        long[] handlerNanos = new long[frames - 1];
        for (int i = 0; i < frames - 1; i++) {
            long[] both = stepAndWaitForLayout(scene);
            nanos[i] = both[0];
            handlerNanos[i] = both[1];
        }
        assertEquals(frames - 1, (int) onFx(() -> model.playback().frameIndexProperty().get()));
        Screenshots.save(scene, "responsiveness-n64");

        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long[] handlers = handlerNanos.clone();
        Arrays.sort(handlers);
        double median = sorted[sorted.length / 2] / 1e6;
        double p95 = sorted[(int) Math.floor(sorted.length * 0.95)] / 1e6;
        double max = sorted[sorted.length - 1] / 1e6;
        String report = String.format(Locale.ROOT,
                "stepping %d frames of n=64 blocks in both lanes (%d chips each, grid up to %d rows): "
                        + "step-to-layout on the FX thread median %.1f ms, p95 %.1f ms, max %.1f ms; "
                        + "of which the step handler (ViewModels and node updates) median %.1f ms, max %.1f ms%n",
                frames - 1, 64, slow.get(0).passes() + 1, median, p95, max,
                handlers[handlers.length / 2] / 1e6, handlers[handlers.length - 1] / 1e6);
        System.out.print(report);
        Path dir = Files.createDirectories(Path.of(System.getProperty("jacobilens.screenshots", "target/screenshots")));
        Files.writeString(dir.resolve("responsiveness.txt"), report);
        // The timings are reported (target/screenshots/responsiveness.txt), not asserted: on a
        // shared CI machine a wall-clock bound would fail for reasons unrelated to the app.
        // What is asserted is that every step completed and laid out.
        assertEquals(frames - 1, nanos.length);
    }

    /** Steps once on the FX thread; returns nanoseconds until the next layout pass has finished, and of the step call itself. */
    private long[] stepAndWaitForLayout(Scene scene) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long start = System.nanoTime();
            long[] handler = new long[1];
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                scene.removePostLayoutPulseListener(listener[0]);
                done.complete(new long[] {System.nanoTime() - start, handler[0]});
            };
            scene.addPostLayoutPulseListener(listener[0]);
            model.playback().stepForward();
            handler[0] = System.nanoTime() - start;
        });
        return done.get(10, TimeUnit.SECONDS);
    }
}
