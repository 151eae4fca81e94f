package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.SafetensorsFile;
import dev.jacobilens.engine.model.SafetensorsWriter;
import dev.jacobilens.engine.model.TensorEntry;
import dev.jacobilens.store.OutputLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A resumable training checkpoint under {@code OUT/checkpoint}: the model as a Hugging Face
 * directory in float32, the AdamW moments in {@code optimizer.safetensors} and the step in
 * {@code trainer_state.json}. The state file is written last, so a checkpoint is only ever
 * picked up once it is complete.
 */
public final class TrainingState {
    public static final String DIR = "checkpoint";
    private static final String STATE = "trainer_state.json";
    private static final String OPTIMIZER = "optimizer.safetensors";
    /** Beside the checkpoint: the settings the run started with, checked on --resume. */
    public static final String SETTINGS = "run_settings.json";
    private static final String STAGING = DIR + ".partial";
    private static final String PREVIOUS = DIR + ".previous";

    private TrainingState() {
    }

    public static boolean exists(Path outDir) {
        recover(outDir);
        return Files.isRegularFile(outDir.resolve(DIR).resolve(STATE));
    }

    /** Claims a training output folder for this run; a second run on it is refused by name. */
    public static OutputLock lock(Path outDir) throws IOException {
        return OutputLock.acquire(outDir.resolve(".jacobi-lens.lock"), outDir);
    }

    /**
     * Decides whether a run resumes, and refuses what would lose or mix work: --resume without a
     * complete checkpoint (never a silent restart from step 0), a fresh run over a checkpoint,
     * and a resume with other settings than the checkpoint was made with.
     *
     * @return true when the run resumes from the checkpoint
     */
    public static boolean begin(Path outDir, boolean resume, RunSettings settings) throws IOException {
        boolean complete = exists(outDir);
        Path settingsFile = outDir.resolve(SETTINGS);
        if (!resume) {
            if (complete) {
                throw new EngineException(outDir + " already holds a training checkpoint: pass --resume to continue"
                        + " it, or choose another --out");
            }
            dev.jacobilens.store.AtomicFiles.write(settingsFile, out -> new ObjectMapper().writeValue(out,
                    settings.toJson()));
            return false;
        }
        Path dir = outDir.resolve(DIR);
        if (!complete) {
            throw new EngineException(Files.isDirectory(dir)
                    ? dir + ": the checkpoint is incomplete (" + STATE + " is missing); it cannot be resumed"
                    : "--resume: " + outDir + " holds no checkpoint to resume (" + dir.resolve(STATE) + " is missing);"
                    + " run without --resume to start");
        }
        step(dir); // a corrupt state file is an error now, not a restart later
        if (Files.isRegularFile(settingsFile)) {
            JsonNode recorded;
            try {
                recorded = new ObjectMapper().readTree(settingsFile.toFile());
            } catch (IOException e) {
                throw new EngineException(settingsFile + ": not readable JSON (" + e.getMessage() + ")", e);
            }
            settings.requireSameAs(RunSettings.fromJson(recorded), outDir);
        }
        return true;
    }

    /** The step a checkpoint holds, from its state file. */
    private static int step(Path dir) {
        Path file = dir.resolve(STATE);
        JsonNode state;
        try {
            state = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException(file + ": corrupt checkpoint state (" + e.getMessage() + ")", e);
        }
        if (state == null || !state.path("step").isInt() || state.get("step").asInt() < 0
                || !state.path("optimizer_steps").isInt()) {
            throw new EngineException(file + ": corrupt checkpoint state (needs integer step and optimizer_steps)");
        }
        return state.get("step").asInt();
    }

    /**
     * A checkpoint is written into {@code checkpoint.partial} and swapped in whole, so a process
     * killed while saving leaves the previous checkpoint usable. If it died between the two
     * renames, the previous one is put back here.
     */
    private static void recover(Path outDir) {
        Path dir = outDir.resolve(DIR);
        Path previous = outDir.resolve(PREVIOUS);
        try {
            if (!Files.isRegularFile(dir.resolve(STATE)) && Files.isRegularFile(previous.resolve(STATE))) {
                deleteTree(dir);
                Files.move(previous, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new EngineException(previous + ": cannot restore the previous checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static void save(Path outDir, LlamaModel model, AdamW optimizer, int step, Path tokenizerDir) throws IOException {
        try {
            write(outDir, model, optimizer, step, tokenizerDir);
        } catch (IOException e) {
            // a full disk says only "No space left on device": name the folder, and that the last checkpoint stays
            throw e instanceof dev.jacobilens.store.OutputFileException ? e
                    : new dev.jacobilens.store.OutputFileException(outDir.resolve(DIR), "writing the checkpoint of step "
                    + step + " failed (" + dev.jacobilens.store.OutputTargets.reason(e) + "); the previous checkpoint,"
                    + " if any, is kept", e);
        }
    }

    private static void write(Path outDir, LlamaModel model, AdamW optimizer, int step, Path tokenizerDir)
            throws IOException {
        Path dir = outDir.resolve(STAGING);
        deleteTree(dir);
        Files.createDirectories(dir);
        CheckpointWriter.write(dir, model.config(), model.parameters(), "F32", CheckpointWriter.RopeForm.LEGACY,
                tokenizerDir);
        SafetensorsWriter moments = new SafetensorsWriter();
        List<NDArray> m = optimizer.firstMoments();
        List<NDArray> v = optimizer.secondMoments();
        for (int i = 0; i < m.size(); i++) {
            moments.add("m." + i, floats(m.get(i)), m.get(i).getShape().getShape());
            moments.add("v." + i, floats(v.get(i)), v.get(i).getShape().getShape());
        }
        moments.write(dir.resolve(OPTIMIZER), "F32");
        ObjectNode state = new ObjectMapper().createObjectNode();
        state.put("step", step);
        state.put("optimizer_steps", optimizer.stepsTaken());
        Path tmp = dir.resolve(STATE + ".tmp");
        new ObjectMapper().writeValue(tmp.toFile(), state);
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path current = outDir.resolve(DIR);
        Path previous = outDir.resolve(PREVIOUS);
        deleteTree(previous);
        if (Files.exists(current)) {
            Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(dir, current, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(previous);
    }

    /** Loads the checkpoint's weights (float32) onto a manager. */
    public static LlamaParameters loadParameters(Path outDir, NDManager manager) {
        try (Checkpoint ckpt = Checkpoint.open(outDir.resolve(DIR))) {
            return LlamaParameters.load(ckpt, manager, DataType.FLOAT32);
        }
    }

    /** Restores the optimiser and returns the step to continue from. */
    public static int restore(Path outDir, AdamW optimizer) throws IOException {
        Path dir = outDir.resolve(DIR);
        int step = step(dir);
        JsonNode state = new ObjectMapper().readTree(dir.resolve(STATE).toFile());
        List<float[]> m = new ArrayList<>();
        List<float[]> v = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(OPTIMIZER))) {
            int n = optimizer.firstMoments().size();
            for (int i = 0; i < n; i++) {
                TensorEntry me = f.tensors().get("m." + i);
                TensorEntry ve = f.tensors().get("v." + i);
                if (me == null || ve == null || me.elementCount() != optimizer.firstMoments().get(i).size()) {
                    throw new EngineException(dir.resolve(OPTIMIZER) + ": optimizer state does not match the model"
                            + " (parameter " + i + ")");
                }
                m.add(f.readFloats(me));
                v.add(f.readFloats(ve));
            }
        }
        optimizer.restore(m, v, state.path("optimizer_steps").asInt());
        return step;
    }

    private static float[] floats(NDArray a) {
        return (a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false)).toFloatArray();
    }
}
