package dev.jacobilens.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.RopeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer on a tiny model: loss falls, checkpoints reload exactly, resumed runs match. */
class TrainingTest {
    @TempDir
    Path tmp;

    static final LlamaConfig TINY = new LlamaConfig(101, 32, 64, 2, 4, 2, 8, 1e-5, RopeConfig.defaults(10000), 128,
            false, 1, List.of(2), 3);

    /** Prompt: BOS and 3–6 random words; continuation: the same words reversed, then EOS. */
    static List<Example> reversalTask(int count, long seed) {
        Random rng = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 3 + rng.nextInt(4);
            int[] prompt = new int[n + 1];
            int[] continuation = new int[n + 1];
            prompt[0] = 1;
            for (int k = 0; k < n; k++) {
                prompt[k + 1] = 4 + rng.nextInt(20);
            }
            for (int k = 0; k < n; k++) {
                continuation[k] = prompt[n - k];
            }
            continuation[n] = 2;
            out.add(new Example(prompt, continuation));
        }
        return out;
    }

    private static TrainingOptions options(int steps) {
        return new TrainingOptions(steps, 3e-3, 5, 0.1, 0.01, 1.0, 0, 0);
    }

    /** Trains from scratch (or resumes) and returns the held-out loss at the end. */
    private double train(Path out, int steps, boolean resume, List<Example> data, List<Example> heldOut,
                         int stopAfter) throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaParameters params = resume ? TrainingState.loadParameters(out, manager)
                    : LlamaParameters.initialise(TINY, manager, 7, 0.02);
            LlamaModel model = new LlamaModel(TINY, params, manager, DataType.FLOAT32);
            CausalLmObjective objective = new CausalLmObjective(data, heldOut, 16, 3, 3, false, m -> Map.of());
            try (AdamW opt = new AdamW(params.all(), BaseModelTraining.decayFlags(params.all()), manager, 0.9, 0.95,
                    1e-8, 0.01)) {
                int start = resume ? TrainingState.restore(out, opt) : 0;
                int[] count = {start};
                new TrainingLoop(model, objective, options(steps), out, Fixtures.tinyLlama(), quiet())
                        .run(opt, start, () -> stopAfter > 0 && count[0]++ >= stopAfter);
                return objective.heldOutLoss(model);
            }
        }
    }

    @Test
    void lossFallsOnASmallTaskWithinAMinute() throws IOException {
        List<Example> data = reversalTask(256, 1);
        List<Example> heldOut = reversalTask(64, 2);
        double before;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaModel fresh = new LlamaModel(TINY, LlamaParameters.initialise(TINY, manager, 7, 0.02), manager,
                    DataType.FLOAT32);
            before = new CausalLmObjective(data, heldOut, 16, 3, 3, false, m -> Map.of()).heldOutLoss(fresh);
        }
        double after = train(tmp.resolve("run"), 150, false, data, heldOut, 0);
        assertTrue(after < before * 0.6, "held-out loss should fall well below " + before + ", got " + after);
    }

    @Test
    void savedCheckpointReloadsWithIdenticalLogits() throws IOException {
        Path out = tmp.resolve("ckpt");
        train(out, 5, false, reversalTask(64, 1), List.of(), 0);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaModel a = new LlamaModel(TINY, TrainingState.loadParameters(out, manager), manager, DataType.FLOAT32);
            float[] expected = logits(a, manager);
            // through the public loader: the checkpoint directory is a Hugging Face model directory
            try (Checkpoint c = Checkpoint.open(out.resolve(TrainingState.DIR))) {
                LlamaModel b = new LlamaModel(c.config(), LlamaParameters.load(c, manager, DataType.FLOAT32), manager,
                        DataType.FLOAT32);
                assertArrayEquals(expected, logits(b, manager));
            }
        }
    }

    @Test
    void resumedRunContinuesTheSameSchedule() throws IOException {
        List<Example> data = reversalTask(128, 1);
        List<Example> heldOut = reversalTask(32, 2);
        double straight = train(tmp.resolve("straight"), 20, false, data, heldOut, 0);
        Path split = tmp.resolve("split");
        train(split, 20, false, data, heldOut, 8); // stopped after 8 steps, checkpoint written
        double resumed = train(split, 20, true, data, heldOut, 0);
        assertEquals(straight, resumed, 1e-4, "a resumed run should end where an uninterrupted one does");
    }

    @Test
    void scheduleWarmsUpThenDecays() {
        LrSchedule s = new LrSchedule(1e-3, 10, 110, 0.1);
        assertEquals(1e-4, s.at(0), 1e-12);
        assertEquals(1e-3, s.at(9), 1e-12);
        assertEquals(1e-3, s.at(10), 1e-12);
        assertEquals(0.55e-3, s.at(60), 1e-9);
        assertEquals(1e-4, s.at(110), 1e-12);
    }

    private static float[] logits(LlamaModel m, NDManager manager) {
        try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
            return m.forward(manager.create(new long[] {1, 5, 6, 7}, new ai.djl.ndarray.types.Shape(1, 4)), null, false)
                    .toFloatArray();
        }
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
