package dev.jacobilens.distill;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.train.RunSettings;
import dev.jacobilens.train.TrainingState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code distill} with the Jacobi Forcing objective end to end: it trains and reports its settings,
 * resumes where it stopped, and refuses a resume with other objective settings without touching the
 * checkpoint.
 */
class JacobiForcingDistillationTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    private Path base;
    private Path trajectories;

    @BeforeEach
    void collect() throws IOException {
        base = TestCheckpoints.write(tmp.resolve("base"), 4, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY, 10000,
                128, 11);
        Path prompts = Files.writeString(tmp.resolve("prompts.jsonl"),
                "{\"question\":\"the cat has apples how many\",\"answer\":\"#### 1\"}\n"
                        + "{\"question\":\"anna gives coins to ben\",\"answer\":\"#### 2\"}\n");
        trajectories = tmp.resolve("trajectories.json");
        TrajectoryCollection.run(new TrajectoryCollection.Settings(base, prompts, trajectories, 8, 24, true, false,
                Integer.MAX_VALUE, 0, "cpu"), QUIET, () -> false);
    }

    private Distillation.Settings settings(Path out, int steps, String schedule, int packed, boolean resume) {
        return new Distillation.Settings(base, trajectories, out, steps, 4, 3e-3, 2, 1,
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ANSWER, false, 0.5), null, 0, 0,
                8, resume, "cpu", null, null, null,
                schedule == null ? null : new JacobiForcingObjective.Options(NoiseSchedule.parse(schedule), packed));
    }

    @Test
    void trainsAndReportsItsObjective() throws IOException {
        Path out = tmp.resolve("jf");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, Object> report = Distillation.run(settings(out, 10, "linear:0.1-0.9", 3, false),
                new PrintStream(log, true), () -> false);
        assertEquals("jacobi-forcing", report.get("objective"));
        assertEquals("linear:0.1-0.9", report.get("noise_schedule"));
        assertEquals(3, report.get("packed_blocks"));
        assertTrue(Double.isFinite(((Number) report.get("final_train_loss")).doubleValue()));
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Jacobi Forcing: "), text);
        assertTrue(text.contains("step 10/10"), text);
        assertTrue(text.contains("ETA"), text);
    }

    @Test
    void aResumeWithOtherObjectiveSettingsIsRefusedAndTheCheckpointKept() throws IOException {
        Path out = tmp.resolve("jf");
        AtomicInteger checks = new AtomicInteger();
        Map<String, Object> stopped = Distillation.run(settings(out, 20, "linear:0-1", 4, false), QUIET,
                () -> checks.incrementAndGet() > 3);
        assertEquals(true, stopped.get("stopped"));
        assertTrue(TrainingState.exists(out));
        Map<String, String> before = contents(out);

        String schedule = assertThrows(EngineException.class, () -> Distillation.run(
                settings(out, 20, "linear:0.2-0.8", 4, true), QUIET, () -> false)).getMessage();
        assertTrue(schedule.contains("--noise-schedule linear:0-1 then, linear:0.2-0.8 now"), schedule);
        String packed = assertThrows(EngineException.class, () -> Distillation.run(
                settings(out, 20, "linear:0-1", 2, true), QUIET, () -> false)).getMessage();
        assertTrue(packed.contains("--packed-blocks 4 then, 2 now"), packed);
        String objective = assertThrows(EngineException.class, () -> Distillation.run(
                settings(out, 20, null, 0, true), QUIET, () -> false)).getMessage();
        assertTrue(objective.contains("--objective jacobi-forcing then, consistency now"), objective);
        assertEquals(before, contents(out), "a refused resume must leave the output as it was");

        // the same settings resume and finish
        Map<String, Object> report = Distillation.run(settings(out, 20, "linear:0-1", 4, true), QUIET, () -> false);
        assertFalse(report.containsKey("stopped"));
        assertEquals(20, ((Number) report.get("steps")).intValue());
    }

    /** A consistency checkpoint (also one made before --objective was recorded) is not resumed as Jacobi Forcing. */
    @Test
    void aConsistencyCheckpointIsNotResumedAsJacobiForcing() throws IOException {
        Path out = tmp.resolve("cllm");
        AtomicInteger checks = new AtomicInteger();
        Distillation.run(settings(out, 20, null, 0, false), QUIET, () -> checks.incrementAndGet() > 2);
        // as an older checkpoint: no --objective recorded
        Path settingsFile = out.resolve(TrainingState.SETTINGS);
        assertTrue(Files.isRegularFile(settingsFile), "settings file name changed?");
        Files.writeString(settingsFile, Files.readString(settingsFile).replaceAll("\"--objective\":\"[a-z-]+\",?", ""));
        assertFalse(Files.readString(settingsFile).contains("--objective"));
        String message = assertThrows(EngineException.class, () -> Distillation.run(
                settings(out, 20, "linear:0-1", 4, true), QUIET, () -> false)).getMessage();
        assertTrue(message.contains("--objective consistency then, jacobi-forcing now"), message);
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            // the output lock is taken (and its time touched) by every run on the output, refused or not
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(".jacobi-lens.lock"))::iterator) {
                out.put(dir.relativize(f).toString(), RunSettings.sha256(f) + " " + Files.getLastModifiedTime(f));
            }
        }
        return out;
    }
}
