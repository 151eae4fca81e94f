package dev.jacobilens.distill;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.store.CllmImport;
import dev.jacobilens.store.CllmRecord;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLLM pipeline without labels, on a tiny model: collect from a plain-text prompt file (the
 * teacher output is the model's own greedy continuation), distil with free-text evaluation
 * prompts in JSONL, and refuse label options that free text cannot satisfy.
 */
class FreeTextDistillationTest {
    private static final String[] LINES = {"the cat and the dog", "tom has apples", "anna gives coins to ben",
            "how many more apples"};

    @TempDir
    Path tmp;

    private Path base() throws IOException {
        return TestCheckpoints.write(tmp.resolve("base"), 4, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY,
                10000, 128, 11);
    }

    @Test
    void collectsTheModelsOwnGreedyContinuationOfPlainTextPrompts() throws IOException {
        Path base = base();
        Path prompts = Files.writeString(tmp.resolve("openings.txt"), String.join("\n", LINES) + "\n\n");
        Path out = tmp.resolve("trajectories.json");
        TrajectoryCollection.Summary s = TrajectoryCollection.run(new TrajectoryCollection.Settings(base, prompts, out,
                8, 24, false, false, Integer.MAX_VALUE, 0, "cpu"), quiet(), () -> false);
        assertEquals(LINES.length, s.prompts());

        List<CllmRecord> records = new ArrayList<>();
        CllmImport.forEachRecord(out, records::add);
        try (LoadedModel m = Models.load(base, "cpu")) {
            Recording greedy = m.decode(LINES[0], new DecodeSettings(dev.jacobilens.store.method.Autoregressive.INSTANCE, 0, 24, null),
                    DecodeListener.NONE, new Cancellation());
            CllmRecord first = records.stream().filter(r -> r.dataId().equals("data_0")).findFirst().orElseThrow();
            assertArrayEquals(m.encode(LINES[0]), Arrays.copyOf(first.promptIds(), first.promptLength()));
            int[] teacher = first.completeTeacherOutputIds();
            int[] continuation = Arrays.copyOfRange(teacher, first.promptLength(), teacher.length);
            int[] expected = greedy.outputIds();
            assertArrayEquals(Arrays.copyOf(expected, Math.min(expected.length, continuation.length)),
                    Arrays.copyOf(continuation, Math.min(expected.length, continuation.length)));
            assertNull(first.labelsIds());
        }
    }

    @Test
    void distillsWithFreeTextEvaluationAndReportsQualityWithoutLabels() throws IOException {
        Path base = base();
        Path prompts = Files.writeString(tmp.resolve("openings.txt"), String.join("\n", LINES));
        Path trajectories = tmp.resolve("trajectories.json");
        TrajectoryCollection.run(new TrajectoryCollection.Settings(base, prompts, trajectories, 8, 24, true, false,
                Integer.MAX_VALUE, 0, "cpu"), quiet(), () -> false);
        Path eval = Files.writeString(tmp.resolve("eval.jsonl"),
                "{\"prompt\": \"the dog has coins\", \"source\": \"test\"}\n{\"prompt\": \"ben and anna\"}\n");
        Map<String, Object> report = Distillation.run(new Distillation.Settings(base, trajectories,
                tmp.resolve("cllm"), 4, 4, 1e-3, 1, 1,
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ANSWER, false, 0.5), eval, 2, 2,
                8, false, "cpu"), quiet(), () -> false);
        String history = report.get("history").toString();
        for (String metric : List.of("jacobi_tokens_per_forward", "base_perplexity", "repetition_rate")) {
            assertTrue(history.contains(metric), metric + " in " + history);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("cllm").resolve("model.safetensors")));
    }

    @Test
    void labelsAndArPromptsNeedProblemsWithAnswers() throws IOException {
        Path base = base();
        Path prompts = Files.writeString(tmp.resolve("openings.txt"), String.join("\n", LINES));
        EngineException labels = assertThrows(EngineException.class, () -> TrajectoryCollection.run(
                new TrajectoryCollection.Settings(base, prompts, tmp.resolve("t.json"), 8, 24, false, true,
                        Integer.MAX_VALUE, 0, "cpu"), quiet(), () -> false));
        assertTrue(labels.getMessage().contains("openings.txt") && labels.getMessage().contains("--labels"),
                labels.getMessage());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
