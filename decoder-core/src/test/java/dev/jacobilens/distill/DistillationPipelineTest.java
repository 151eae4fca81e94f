package dev.jacobilens.distill;

import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLLM pipeline end to end on the tiny fixture model: collect its Jacobi trajectories,
 * distil, and check that the distilled model needs fewer Jacobi passes on its training prompts.
 * Also: an interrupted collection resumes to exactly the file an uninterrupted one writes.
 */
class DistillationPipelineTest {
    @TempDir
    Path tmp;

    private static final String[] WORDS = {"the", "cat", "and", "dog", "tom", "has", "apples", "how", "many", "more",
            "anna", "gives", "coins", "to", "ben"};

    private Path prompts(int count) throws IOException {
        Random rng = new Random(5);
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder q = new StringBuilder();
            for (int k = 0; k < 4 + rng.nextInt(4); k++) {
                q.append(WORDS[rng.nextInt(WORDS.length)]).append(' ');
            }
            problems.add(new Problem(q.toString().trim(), "#### " + i));
        }
        Path file = tmp.resolve("prompts.jsonl");
        GsmJsonl.write(file, problems);
        return file;
    }

    private static TrajectoryCollection.Settings collectSettings(Path model, Path prompts, Path out) {
        return new TrajectoryCollection.Settings(model, prompts, out, 8, 32, false, false, Integer.MAX_VALUE, 0, "cpu");
    }

    /**
     * A random model with decisive logits: its greedy text survives small weight changes, so the
     * fixed points stay put while the model learns to reach them sooner.
     */
    private Path decisiveBase() throws IOException {
        return TestCheckpoints.write(tmp.resolve("base"), 4, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY,
                10000, 128, 11);
    }

    @Test
    void distillationReducesJacobiPassesOnTrainingPrompts() throws IOException {
        Path base = decisiveBase();
        Path prompts = prompts(6);
        Path trajectories = tmp.resolve("trajectories.json");
        TrajectoryCollection.Summary summary = TrajectoryCollection.run(collectSettings(base, prompts, trajectories),
                quiet(), () -> false);
        assertTrue(summary.records() > 0);
        Path distilled = tmp.resolve("cllm");
        Distillation.run(new Distillation.Settings(base, trajectories, distilled, 200, 8, 3e-3, 10, 1,
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ALL, false), null, 0, 0, 8,
                false, "cpu"), quiet(), () -> false);
        assertTrue(Files.isRegularFile(distilled.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(distilled.resolve("tokenizer.json")));

        int before = passes(base, prompts);
        int after = passes(distilled, prompts);
        assertTrue(after < before * 0.8, "Jacobi passes on training prompts: before " + before + ", after " + after);
    }

    /** The two options beyond the reference run end to end, are reported, and refuse bad input by name. */
    @Test
    void arPromptsAndNoisedStatesRunAndBadSettingsAreRefused() throws IOException {
        Path base = decisiveBase();
        Path prompts = prompts(4);
        Path trajectories = tmp.resolve("trajectories.json");
        TrajectoryCollection.run(collectSettings(base, prompts, trajectories), quiet(), () -> false);
        ConsistencyObjective.Weights noised =
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ANSWER, false, 0.5);
        Map<String, Object> report = Distillation.run(new Distillation.Settings(base, trajectories, tmp.resolve("cllm"),
                10, 4, 1e-3, 2, 1, noised, null, 0, 0, 8, false, "cpu", prompts), quiet(), () -> false);
        assertEquals(prompts.toString(), report.get("ar_prompts"));
        assertEquals(0.5, report.get("noised_states"));
        assertTrue(Files.isRegularFile(tmp.resolve("cllm").resolve("model.safetensors")));

        ConsistencyObjective.Weights withLabels =
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ANSWER, true, 0.5);
        EngineException both = assertThrows(EngineException.class, () -> Distillation.run(new Distillation.Settings(
                base, trajectories, tmp.resolve("both"), 10, 4, 1e-3, 2, 1, withLabels, null, 0, 0, 8, false, "cpu",
                prompts), quiet(), () -> false));
        assertTrue(both.getMessage().contains("--ar-prompts"), both.getMessage());

        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");
        EngineException none = assertThrows(EngineException.class, () -> Distillation.run(new Distillation.Settings(
                base, trajectories, tmp.resolve("none"), 10, 4, 1e-3, 2, 1, noised, null, 0, 0, 8, false, "cpu",
                empty), quiet(), () -> false));
        assertTrue(none.getMessage().contains("empty.jsonl"), none.getMessage());
    }

    @Test
    void interruptedCollectionResumesToTheSameFile() throws IOException {
        Path prompts = prompts(5);
        Path straight = tmp.resolve("straight.json");
        TrajectoryCollection.run(collectSettings(Fixtures.tinyLlama(), prompts, straight), quiet(), () -> false);

        Path resumed = tmp.resolve("resumed.json");
        int[] calls = {0};
        TrajectoryCollection.run(collectSettings(Fixtures.tinyLlama(), prompts, resumed), quiet(),
                () -> calls[0]++ >= 2);
        assertFalse(Files.exists(resumed), "an interrupted run leaves only its progress file");
        assertTrue(Files.exists(tmp.resolve("resumed.json.partial.jsonl")));
        TrajectoryCollection.run(collectSettings(Fixtures.tinyLlama(), prompts, resumed), quiet(), () -> false);
        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed));
        assertFalse(Files.exists(tmp.resolve("resumed.json.partial.jsonl")));
    }

    private static int passes(Path model, Path prompts) throws IOException {
        int total = 0;
        try (LoadedModel m = Models.load(model, "cpu")) {
            for (Problem p : GsmJsonl.read(prompts)) {
                Recording r = m.decode(p.question(), new DecodeSettings(dev.jacobilens.store.method.Jacobi.of(8), 0, 32, null), DecodeListener.NONE,
                        new Cancellation());
                total += r.forwardPasses();
            }
        }
        return total;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
