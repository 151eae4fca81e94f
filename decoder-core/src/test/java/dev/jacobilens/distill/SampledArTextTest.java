package dev.jacobilens.distill;

import ai.djl.ndarray.types.DataType;
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
import dev.jacobilens.train.Example;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code distill --ar-sampled} (the AR loss on text sampled from the base model) and
 * {@code distill --init} (a later stage starting from an earlier stage's weights), on tiny models.
 */
class SampledArTextTest {
    private static final String[] LINES = {"the cat and the dog", "tom has apples", "anna gives coins to ben",
            "how many more apples", "the cat and the dog"};
    private static final int NEW_TOKENS = 24;

    @TempDir
    Path tmp;

    private Path model(String name, long seed) throws IOException {
        return TestCheckpoints.write(tmp.resolve(name), 4, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY,
                10000, 128, seed);
    }

    private Path trajectories(Path base) throws IOException {
        Path prompts = Files.writeString(tmp.resolve("openings.txt"), String.join("\n", LINES));
        Path out = tmp.resolve("trajectories.json");
        TrajectoryCollection.run(new TrajectoryCollection.Settings(base, prompts, out, 8, NEW_TOKENS, false, false,
                Integer.MAX_VALUE, 0, "cpu"), quiet(), () -> false);
        return out;
    }

    @Test
    void samplesOneContinuationPerDistinctPromptRepeatablyAndGreedyAtTemperatureZero() throws IOException {
        Path base = model("base", 11);
        TrajectoryData data = TrajectoryData.read(trajectories(base));
        List<CllmRecord> records = new ArrayList<>();
        CllmImport.forEachRecord(tmp.resolve("trajectories.json"), records::add);
        try (LoadedModel m = Models.load(base, "cpu")) {
            List<Example> a = SampledContinuations.of(m.model(), data, new SampledContinuations.Sampling(1, 0.9), 7,
                    quiet(), () -> false);
            List<Example> b = SampledContinuations.of(m.model(), data, new SampledContinuations.Sampling(1, 0.9), 7,
                    quiet(), () -> false);
            assertEquals(4, a.size(), "the repeated opening is sampled once");
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(m.encode(LINES[i]), a.get(i).prompt());
                assertArrayEquals(a.get(i).continuation(), b.get(i).continuation(), "same seed, same text");
                int[] text = a.get(i).continuation();
                boolean ended = m.model().config().isEos(text[text.length - 1]);
                assertTrue(ended ? text.length <= NEW_TOKENS : text.length == NEW_TOKENS, Arrays.toString(text));
            }
            List<Example> other = SampledContinuations.of(m.model(), data, new SampledContinuations.Sampling(1, 0.9),
                    8, quiet(), () -> false);
            assertFalse(sameText(a, other), "another seed samples other text");

            // at temperature 0 the sampler is greedy: the continuation is the collected teacher output
            List<Example> greedy = SampledContinuations.of(m.model(), data, new SampledContinuations.Sampling(0, 1),
                    7, quiet(), () -> false);
            CllmRecord last = records.stream().filter(r -> r.dataId().equals("data_0"))
                    .reduce((x, y) -> y).orElseThrow();
            int[] teacher = last.completeTeacherOutputIds();
            int[] expected = m.decode(LINES[0], new DecodeSettings(dev.jacobilens.store.method.Autoregressive.INSTANCE, 0, NEW_TOKENS, null),
                    DecodeListener.NONE, new Cancellation()).outputIds();
            assertArrayEquals(expected, greedy.get(0).continuation());
            assertArrayEquals(Arrays.copyOfRange(teacher, last.promptLength(), teacher.length),
                    Arrays.copyOf(greedy.get(0).continuation(), teacher.length - last.promptLength()));
        }
    }

    @Test
    void distillFromInitWeightsWithSampledArTextRecordsBoth() throws IOException {
        Path base = model("base", 11);
        Path earlier = model("earlier-stage", 12);
        Path trajectories = trajectories(base);
        Path out = tmp.resolve("cllm");
        // learning rate 0: the exported model is the starting point, so it must decode as --init does
        Map<String, Object> report = Distillation.run(settings(base, trajectories, out, earlier, 0,
                new SampledContinuations.Sampling(1, 0.9), false), quiet(), () -> false);
        assertEquals(earlier.toString(), report.get("init"));
        assertEquals(Map.of("temperature", 1.0, "top_p", 0.9), report.get("ar_sampled"));
        try (LoadedModel trained = Models.load(out, "cpu"); LoadedModel init = Models.load(earlier, "cpu");
             LoadedModel b = Models.load(base, "cpu")) {
            float[] fromTrained = embedding(trained);
            assertArrayEquals(embedding(init), fromTrained, 2e-3f, "the export is F16, hence the tolerance");
            float[] fromBase = embedding(b);
            double farthest = 0;
            for (int i = 0; i < fromBase.length; i++) {
                farthest = Math.max(farthest, Math.abs(fromBase[i] - fromTrained[i]));
            }
            assertTrue(farthest > 0.01, "the test needs base and init to differ, they differ by " + farthest);
        }
        String settings = Files.readString(out.resolve("run_settings.json"));
        assertTrue(settings.contains("--init (weights)") && settings.contains("--ar-sampled"), settings);
    }

    @Test
    void initOfAnotherArchitectureAndTwoArSourcesAreRefused() throws IOException {
        Path base = model("base", 11);
        Path trajectories = trajectories(base);
        Path wider = TestCheckpoints.write(tmp.resolve("wider"), 2, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY,
                10000, 128, 11);
        EngineException architecture = assertThrows(EngineException.class, () -> Distillation.run(
                settings(base, trajectories, tmp.resolve("a"), wider, 1e-3, null, false), quiet(), () -> false));
        assertTrue(architecture.getMessage().contains("wider") && architecture.getMessage().contains("--init"),
                architecture.getMessage());
        EngineException twoSources = assertThrows(EngineException.class, () -> Distillation.run(
                settings(base, trajectories, tmp.resolve("b"), null, 1e-3, new SampledContinuations.Sampling(1, 0.9),
                        true), quiet(), () -> false));
        assertTrue(twoSources.getMessage().contains("--ar-sampled"), twoSources.getMessage());
    }

    private static Distillation.Settings settings(Path base, Path trajectories, Path out, Path init, double lr,
                                                  SampledContinuations.Sampling sampling, boolean useLabels) {
        return new Distillation.Settings(base, trajectories, out, 2, 4, lr, 1, 1,
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ANSWER, useLabels, 0.5), null, 0,
                0, 8, false, "cpu", null, init, sampling);
    }

    private static float[] embedding(LoadedModel m) {
        return m.model().parameters().embed.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static boolean sameText(List<Example> a, List<Example> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).continuation(), b.get(i).continuation())) {
                return false;
            }
        }
        return true;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
