package dev.jacobilens.distill;

import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Everything distillation draws at random comes from the seed: two runs with one seed and one
 * thread count end with the same weights, bit for bit, and another seed gives other weights
 * (so the comparison can fail). Noised states and sampled trajectory states are both on.
 */
class DistillationDeterminismTest {
    @TempDir
    Path tmp;

    /** Each run's log, to tell a run that skipped a step (not promised to repeat) from one that did not. */
    private final java.util.Map<String, String> logs = new java.util.HashMap<>();

    private byte[] distil(Path base, Path trajectories, String name, long seed) throws IOException {
        Path out = tmp.resolve(name);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Distillation.run(new Distillation.Settings(base, trajectories, out, 30, 8, 3e-3, 5, seed,
                new ConsistencyObjective.Weights(1, 1, 0.1, ConsistencyObjective.ArScope.ALL, false, 0.5), null, 0,
                0, 8, false, "cpu"), new PrintStream(log, true), () -> false);
        logs.put(name, log.toString());
        return Files.readAllBytes(out.resolve(TrainingState.DIR).resolve("model.safetensors"));
    }

    @Test
    void aSeededDistillationRepeatsExactly() throws IOException {
        Path base = TestCheckpoints.write(tmp.resolve("base"), 4, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY,
                10000, 128, 11);
        Path prompts = tmp.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"question\":\"the cat has apples how many\",\"answer\":\"#### 1\"}\n"
                + "{\"question\":\"anna gives coins to ben\",\"answer\":\"#### 2\"}\n"
                + "{\"question\":\"tom and the dog have more\",\"answer\":\"#### 3\"}\n");
        Path trajectories = tmp.resolve("trajectories.json");
        TrajectoryCollection.run(new TrajectoryCollection.Settings(base, prompts, trajectories, 8, 32, true, false,
                Integer.MAX_VALUE, 0, "cpu"), new PrintStream(OutputStream.nullOutputStream()), () -> false);
        byte[] first = distil(base, trajectories, "a", 1);
        byte[] second = distil(base, trajectories, "b", 1);
        // What is promised (assets/README.md, "Determinism"): runs that skipped no step repeat bit for
        // bit. A step non-finite twice is skipped and logged; such a run is not promised to repeat.
        boolean skipped = logs.get("a").contains("skipped") || logs.get("b").contains("skipped");
        if (!skipped) {
            assertArrayEquals(first, second, "the same seed gave other weights, no step skipped:\n" + logs.get("a")
                    + "\n---\n" + logs.get("b"));
        }
        assertFalse(java.util.Arrays.equals(first, distil(base, trajectories, "c", 2)),
                "another seed gave the same weights: the comparison cannot fail");
    }
}
