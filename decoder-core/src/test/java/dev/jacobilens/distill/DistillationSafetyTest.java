package dev.jacobilens.distill;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.train.TrainingState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Distillation refuses what would train the wrong model without an error: trajectories of
 * another model, an --init with another tokenizer, and a --resume with another --steps,
 * --init or --ar-sampled than the checkpoint was made with.
 */
class DistillationSafetyTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    private Path base;
    private Path trajectories;

    @BeforeEach
    void collect() throws IOException {
        base = model("base", 11);
        Path prompts = Files.writeString(tmp.resolve("prompts.jsonl"),
                "{\"question\":\"the cat has apples how many\",\"answer\":\"#### 1\"}\n"
                        + "{\"question\":\"anna gives coins to ben\",\"answer\":\"#### 2\"}\n");
        trajectories = tmp.resolve("trajectories.json");
        TrajectoryCollection.run(new TrajectoryCollection.Settings(base, prompts, trajectories, 8, 24, false, false,
                Integer.MAX_VALUE, 0, "cpu"), QUIET, () -> false);
    }

    private Path model(String name, long seed) throws IOException {
        return TestCheckpoints.write(tmp.resolve(name), 4, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY, 10000,
                128, seed);
    }

    private Distillation.Settings settings(Path model, Path out, int steps, Path init,
                                           SampledContinuations.Sampling sampled, boolean resume) {
        return new Distillation.Settings(model, trajectories, out, steps, 4, 3e-3, 2, 1,
                new ConsistencyObjective.Weights(1, 1, 0.1, ConsistencyObjective.ArScope.ALL, false, 0), null, 0, 0, 8,
                resume, "cpu", null, init, sampled);
    }

    @Test
    void trajectoriesOfAnotherModelAreRefused() throws IOException {
        Path other = model("other", 12);
        Path out = tmp.resolve("out");
        EngineException e = assertThrows(EngineException.class,
                () -> Distillation.run(settings(other, out, 4, null, null, false), QUIET, () -> false));
        assertTrue(e.getMessage().startsWith(trajectories + ": these trajectories are not --model " + other + "'s"),
                e.getMessage());
        EngineException sampled = assertThrows(EngineException.class, () -> Distillation.run(
                settings(other, tmp.resolve("out2"), 4, null, new SampledContinuations.Sampling(1, 0.9), false),
                QUIET, () -> false));
        assertTrue(sampled.getMessage().contains("are not --model"), sampled.getMessage());
        // the model that collected them is accepted
        Map<String, Object> report = Distillation.run(settings(base, tmp.resolve("ok"), 2, null, null, false), QUIET,
                () -> false);
        assertFalse(report.containsKey("stopped"));
    }

    @Test
    void anInitWithAnotherTokenizerIsRefused() throws IOException {
        Path init = model("init", 13);
        Path tokenizer = init.resolve("tokenizer.json");
        Files.writeString(tokenizer, Files.readString(tokenizer).replace("\"cat\"", "\"cow\""));
        EngineException e = assertThrows(EngineException.class, () -> Distillation.run(
                settings(base, tmp.resolve("out"), 4, init, null, false), QUIET, () -> false));
        assertTrue(e.getMessage().startsWith("--init " + init + ": its tokenizer.json differs from --model"),
                e.getMessage());
    }

    @Test
    void aResumeWithOtherStepsInitOrSamplingIsRefused() throws IOException {
        Path out = tmp.resolve("out");
        AtomicInteger checks = new AtomicInteger();
        Map<String, Object> stopped = Distillation.run(settings(base, out, 20, null, null, false), QUIET,
                () -> checks.incrementAndGet() > 3);
        assertEquals(true, stopped.get("stopped"));
        assertTrue(TrainingState.exists(out));
        Path init = model("init", 13);
        String steps = assertThrows(EngineException.class, () -> Distillation.run(
                settings(base, out, 30, null, null, true), QUIET, () -> false)).getMessage();
        assertTrue(steps.contains("--steps 20 then, 30 now"), steps);
        String withInit = assertThrows(EngineException.class, () -> Distillation.run(
                settings(base, out, 20, init, null, true), QUIET, () -> false)).getMessage();
        assertTrue(withInit.contains("--init (weights) none then"), withInit);
        String withSampling = assertThrows(EngineException.class, () -> Distillation.run(
                settings(base, out, 20, null, new SampledContinuations.Sampling(1, 0.9), true), QUIET,
                () -> false)).getMessage();
        assertTrue(withSampling.contains("--ar-sampled off then"), withSampling);
    }
}
