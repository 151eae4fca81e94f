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

    private TrainingState() {
    }

    public static boolean exists(Path outDir) {
        return Files.isRegularFile(outDir.resolve(DIR).resolve(STATE));
    }

    static void save(Path outDir, LlamaModel model, AdamW optimizer, int step, Path tokenizerDir) throws IOException {
        Path dir = outDir.resolve(DIR);
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(STATE)); // mark incomplete while the files change
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
        return state.path("step").asInt();
    }

    private static float[] floats(NDArray a) {
        return (a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false)).toFloatArray();
    }
}
