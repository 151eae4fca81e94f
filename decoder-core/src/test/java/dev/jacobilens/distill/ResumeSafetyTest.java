package dev.jacobilens.distill;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.train.RunSettings;
import dev.jacobilens.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resumable outputs: a resume with other settings is refused, a missing or corrupt checkpoint
 * part is an error rather than a silent restart, and a progress file cut mid-line resumes.
 */
class ResumeSafetyTest {
    @TempDir
    Path tmp;

    private static RunSettings settings(long seed) {
        return new RunSettings().put("--model (weights)", "abc").put("--block-size", 16).put("--seed", seed);
    }

    private void completeCheckpoint(Path out) throws IOException {
        Path dir = Files.createDirectories(out.resolve(TrainingState.DIR));
        Files.writeString(dir.resolve("trainer_state.json"), "{\"step\":3,\"optimizer_steps\":3}");
    }

    @Test
    void resumeWithoutACheckpointIsAnErrorNotARestart() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        EngineException none = assertThrows(EngineException.class, () -> TrainingState.begin(out, true, settings(1)));
        assertTrue(none.getMessage().contains("--resume") && none.getMessage().contains("no checkpoint"),
                none.getMessage());
        Files.createDirectories(out.resolve(TrainingState.DIR)); // a part is missing: no trainer_state.json
        EngineException partial = assertThrows(EngineException.class,
                () -> TrainingState.begin(out, true, settings(1)));
        assertTrue(partial.getMessage().contains("incomplete") && partial.getMessage().contains("trainer_state.json"),
                partial.getMessage());
        Files.writeString(out.resolve(TrainingState.DIR).resolve("trainer_state.json"), "{\"step\":");
        EngineException corrupt = assertThrows(EngineException.class,
                () -> TrainingState.begin(out, true, settings(1)));
        assertTrue(corrupt.getMessage().contains("corrupt checkpoint state"), corrupt.getMessage());
    }

    @Test
    void resumeWithOtherSettingsIsRefused() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        assertFalse(TrainingState.begin(out, false, settings(1))); // a fresh run records its settings
        completeCheckpoint(out);
        assertTrue(TrainingState.begin(out, true, settings(1)));
        EngineException e = assertThrows(EngineException.class, () -> TrainingState.begin(out, true, settings(2)));
        assertTrue(e.getMessage().contains(out + ": was started with other settings (--seed 1 then, 2 now)"),
                e.getMessage());
        EngineException fresh = assertThrows(EngineException.class, () -> TrainingState.begin(out, false, settings(1)));
        assertTrue(fresh.getMessage().contains("pass --resume"), fresh.getMessage());
    }

    @Test
    void collectionResumesPastATornLastLineAndRefusesOtherSettings() throws IOException {
        Path out = tmp.resolve("trajectories.json");
        Path partial = tmp.resolve("trajectories.json.partial.jsonl");
        String settingsLine = "{\"settings\":" + settings(1).toJson() + "}";
        String record = "{\"data_id\":\"data_0\",\"jacobian_itr_id\":\"itr_0\"}";
        byte[] tornUtf8 = Arrays.copyOf("{\"done\":1,\"kept\":tr\u00e9".getBytes(StandardCharsets.UTF_8), 20);
        Files.write(partial, (settingsLine + "\n" + record + "\n{\"done\":0,\"kept\":true}\n"
                + "{\"data_id\":\"data_1\"}\n").getBytes(StandardCharsets.UTF_8));
        Files.write(partial, tornUtf8, java.nio.file.StandardOpenOption.APPEND);

        Set<Integer> done = TrajectoryCollection.resume(partial, settings(1), out);
        assertEquals(Set.of(0), done);
        String kept = Files.readString(partial);
        assertTrue(kept.startsWith(settingsLine + "\n" + record + "\n{\"done\":0"), kept);
        assertFalse(kept.contains("data_1"), kept);

        EngineException e = assertThrows(EngineException.class,
                () -> TrajectoryCollection.resume(partial, settings(7), out));
        assertTrue(e.getMessage().contains("--seed 1 then, 7 now"), e.getMessage());
    }

    @Test
    void trajectoriesWhoseStatesDifferInLengthAreRefused() throws IOException {
        Path file = tmp.resolve("ragged.json");
        Files.writeString(file, "[{\"data_id\":\"data_0\",\"jacobian_itr_id\":\"itr_0\",\"prompt_ids_len\":[2],"
                + "\"prompt_ids\":[[1,5]],\"answer_trajectory_ids\":[[7,8,9],[7,8]],"
                + "\"teacher_output_ids\":[[1,5,7,8]]}]");
        Exception e = assertThrows(Exception.class, () -> TrajectoryData.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("length"), e.getMessage());
    }

    @Test
    void aSecondCollectionOnTheSameOutputIsRefusedByName() throws IOException {
        Path out = tmp.resolve("trajectories.json");
        Path prompts = tmp.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"question\":\"1 + 1?\",\"answer\":\"#### 2\"}\n");
        try (var first = dev.jacobilens.store.OutputLock.acquire(tmp.resolve(".trajectories.json.lock"), out)) {
            IOException e = assertThrows(IOException.class, () -> TrajectoryCollection.run(
                    new TrajectoryCollection.Settings(dev.jacobilens.engine.Fixtures.tinyLlama(), prompts, out, 8, 16,
                            false, false, 1, 0, "cpu"), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                    () -> false));
            assertTrue(e.getMessage().startsWith(out + ": another jacobi-lens run is writing it"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("trajectories.json.partial.jsonl")), "the refused run wrote progress");
    }
}
