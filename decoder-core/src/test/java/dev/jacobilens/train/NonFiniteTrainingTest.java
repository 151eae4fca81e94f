package dev.jacobilens.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that never updated its weights, or whose weights are NaN, is not called trained: no model is written. */
class NonFiniteTrainingTest {
    @TempDir
    Path tmp;

    /** A loss that is NaN (every step) or real (the model's mean logit, squared). */
    private static Objective loss(boolean nan) {
        return new Objective() {
            @Override
            public NDArray loss(LlamaModel model, int step, NDManager manager) {
                NDArray logits = model.forward(manager.create(new long[] {1, 5, 6}, new ai.djl.ndarray.types.Shape(1, 3)),
                        null, false);
                NDArray l = logits.mean().square();
                return nan ? l.mul(Float.NaN) : l;
            }

            @Override
            public Map<String, Double> evaluate(LlamaModel model) {
                return Map.of();
            }
        };
    }

    private TrainingLoop train(NDManager manager, LlamaParameters params, boolean nan, int steps) throws IOException {
        LlamaModel model = new LlamaModel(TrainingTest.TINY, params, manager, DataType.FLOAT32);
        try (AdamW opt = new AdamW(params.all(), BaseModelTraining.decayFlags(params.all()), manager, 0.9, 0.95, 1e-8,
                0.0)) {
            TrainingLoop loop = new TrainingLoop(model, loss(nan), new TrainingOptions(steps, 1e-3, 1, 0.1, 0.0, 1.0, 0,
                    0), tmp.resolve("out"), Fixtures.tinyLlama(), TrainingTest.quiet());
            loop.run(opt, 0, () -> false);
            return loop;
        }
    }

    @Test
    void everyStepSkippedIsNotATrainedModel() throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            TrainingLoop loop = train(manager, LlamaParameters.initialise(TrainingTest.TINY, manager, 7, 0.02), true, 3);
            EngineException e = assertThrows(EngineException.class, loop::requireTrained);
            assertTrue(e.getMessage().startsWith("every one of the 3 steps was skipped"), e.getMessage());
        }
    }

    @Test
    void nonFiniteWeightsAreNotATrainedModel() throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaParameters params = LlamaParameters.initialise(TrainingTest.TINY, manager, 7, 0.02);
            TrainingLoop loop = train(manager, params, false, 2);
            loop.requireTrained(); // real steps, finite weights: trained
            NDArray w = params.all().get(0);
            w.set(w.mul(Float.POSITIVE_INFINITY).toFloatArray()); // what a diverged optimiser leaves
            EngineException e = assertThrows(EngineException.class, loop::requireTrained);
            assertTrue(e.getMessage().startsWith("the trained weights are not finite"), e.getMessage());
        }
    }

    @Test
    void aModelThatCannotBeWrittenIsNamedWithWhatIsKept() throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            TrainingLoop loop = train(manager, LlamaParameters.initialise(TrainingTest.TINY, manager, 7, 0.02), false, 1);
            Path blocked = java.nio.file.Files.writeString(tmp.resolve("blocked"), "a file where the folder goes");
            IOException e = assertThrows(IOException.class, () -> loop.exportModel(blocked, "F16", "float32"));
            assertTrue(e.getMessage().startsWith(blocked + ": writing the model failed (")
                    && e.getMessage().contains("--resume"), e.getMessage());
        }
    }

    @Test
    void aStepWhoseGradientIsNotFiniteOnceIsComputedAgainAndTheRunEndsAsACleanOne() throws IOException {
        float[] clean;
        float[] flaky;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaParameters params = LlamaParameters.initialise(TrainingTest.TINY, manager, 7, 0.02);
            train(manager, params, false, 3);
            clean = params.all().get(0).toFloatArray();
        }
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaParameters params = LlamaParameters.initialise(TrainingTest.TINY, manager, 7, 0.02);
            LlamaModel model = new LlamaModel(TrainingTest.TINY, params, manager, DataType.FLOAT32);
            Objective real = loss(false);
            int[] calls = {0};
            Objective onceNaN = new Objective() {
                @Override
                public NDArray loss(LlamaModel m, int step, NDManager nd) {
                    NDArray l = real.loss(m, step, nd);
                    return step == 1 && calls[0]++ == 0 ? l.mul(Float.NaN) : l; // a transient fault at step 2
                }

                @Override
                public Map<String, Double> evaluate(LlamaModel m) {
                    return Map.of();
                }
            };
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            try (AdamW opt = new AdamW(params.all(), BaseModelTraining.decayFlags(params.all()), manager, 0.9, 0.95,
                    1e-8, 0.0)) {
                new TrainingLoop(model, onceNaN, new TrainingOptions(3, 1e-3, 1, 0.1, 0.0, 1.0, 0, 0),
                        tmp.resolve("flaky"), Fixtures.tinyLlama(), new java.io.PrintStream(log, true)).run(opt, 0,
                        () -> false);
            }
            assertTrue(log.toString().contains("step 2: loss is not finite; computing the step again"), log.toString());
            assertTrue(!log.toString().contains("skipped"), log.toString());
            flaky = params.all().get(0).toFloatArray();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(clean, flaky, "the recomputed step differs from a clean run");
    }
}
