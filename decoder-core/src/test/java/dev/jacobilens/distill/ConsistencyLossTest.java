package dev.jacobilens.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.RopeConfig;
import dev.jacobilens.train.Batch;
import dev.jacobilens.train.Example;
import dev.jacobilens.train.Losses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global consistency loss: zero at the fixed point, and no gradient through the target. */
class ConsistencyLossTest {
    private static final LlamaConfig CONFIG = new LlamaConfig(60, 32, 64, 2, 4, 2, 8, 1e-5,
            RopeConfig.defaults(10000), 64, false, 1, List.of(2), 3);
    private static final ConsistencyObjective.Weights CONSISTENCY_ONLY =
            new ConsistencyObjective.Weights(0, 1, 0, ConsistencyObjective.ArScope.ALL, false);
    private NDManager manager;
    private LlamaModel model;

    @BeforeEach
    void setUp() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
        model = new LlamaModel(CONFIG, LlamaParameters.initialise(CONFIG, manager, 3, 0.2), manager, DataType.FLOAT32);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static TrajectoryData.Block block(int[] state, int[] fixed) {
        return new TrajectoryData.Block(3, new int[] {1, 10, 11, 12}, List.of(state, fixed), null);
    }

    private ConsistencyObjective objective(TrajectoryData.Block b) {
        return new ConsistencyObjective(TrajectoryData.of(List.of(b)), 1, 0, 3, 2, CONSISTENCY_ONLY, m -> Map.of());
    }

    @Test
    void zeroWhenTheStateIsTheFixedPoint() {
        int[] fixed = {20, 21, 22, 23, 24};
        TrajectoryData.Block b = block(fixed.clone(), fixed);
        try (NDScope ignored = new NDScope()) {
            NDArray loss = objective(b).loss(model, List.of(new ConsistencyObjective.Sample(b, fixed.clone())), manager);
            assertEquals(0f, loss.getFloat());
        }
    }

    @Test
    void positiveWhenTheStateIsWrong() {
        TrajectoryData.Block b = block(new int[] {20, 40, 41, 42, 43}, new int[] {20, 21, 22, 23, 24});
        try (NDScope ignored = new NDScope()) {
            NDArray loss = objective(b).loss(model, List.of(new ConsistencyObjective.Sample(b, b.states().get(0))), manager);
            assertTrue(loss.getFloat() > 0);
        }
    }

    /**
     * The gradient of the loss equals the gradient of the same soft cross-entropy against a
     * target computed beforehand as a constant: nothing flows back through the teacher side.
     */
    @Test
    void gradientDoesNotFlowIntoTheTarget() {
        int[] state = {20, 40, 41, 42, 43};
        int[] fixed = {20, 21, 22, 23, 24};
        TrajectoryData.Block b = block(state, fixed);
        List<NDArray> params = model.parameters().all();
        params.forEach(p -> p.setRequiresGradient(true));

        List<float[]> viaObjective = gradients(params, () ->
                objective(b).loss(model, List.of(new ConsistencyObjective.Sample(b, state)), manager));

        long[] teacherIds = {1, 10, 11, 12, 20, 21, 22, 23, 24};
        long[] studentIds = {1, 10, 11, 12, 20, 40, 41, 42, 43};
        NDArray constantTarget;
        try (NDScope ignored = new NDScope()) {
            // computed outside any gradient recording: a constant
            constantTarget = model.forward(manager.create(teacherIds, new Shape(1, 9)), null, false).softmax(-1);
            NDScope.unregister(constantTarget);
        }
        List<float[]> viaConstant = gradients(params, () -> {
            NDArray logp = model.forward(manager.create(studentIds, new Shape(1, 9)), null, false).logSoftmax(-1);
            // first wrong token is at block position 1 = sequence position 5, predicted at position 4
            float[] mask = {0, 0, 0, 0, 1, 1, 1, 1, 0};
            return constantTarget.mul(logp).sum(new int[] {-1}).neg()
                    .mul(manager.create(mask, new Shape(1, 9))).sum().div(4f);
        });
        for (int i = 0; i < params.size(); i++) {
            float[] a = viaObjective.get(i);
            float[] c = viaConstant.get(i);
            for (int k = 0; k < a.length; k++) {
                assertEquals(c[k], a[k], 1e-6, "parameter " + i + " element " + k);
            }
        }
        float[] embedGrad = viaObjective.get(0);
        boolean any = false;
        for (float v : embedGrad) {
            any |= v != 0;
        }
        assertTrue(any, "the student side has gradients");
    }

    /** With a problem pool, the AR term is the causal LM loss of a batch drawn from the pool, not of the blocks. */
    @Test
    void arLossDrawsItsBatchFromTheProblemPool() {
        TrajectoryData.Block b = block(new int[] {20, 40, 41, 42, 43}, new int[] {20, 21, 22, 23, 24});
        List<Example> pool = List.of(new Example(new int[] {1, 10, 11}, new int[] {20, 21, 2}),
                new Example(new int[] {1, 12}, new int[] {22, 23, 24, 2}),
                new Example(new int[] {1, 13, 14, 15}, new int[] {25, 2}));
        ConsistencyObjective.Weights arOnly =
                new ConsistencyObjective.Weights(2, 0, 0, ConsistencyObjective.ArScope.ANSWER, false);
        ConsistencyObjective objective = new ConsistencyObjective(TrajectoryData.of(List.of(b)), 4, 9, 3, 2, arOnly,
                pool, m -> Map.of());
        List<Example> batch = objective.arBatch(5);
        assertEquals(4, batch.size());
        assertTrue(batch.stream().allMatch(pool::contains));
        assertEquals(batch, objective.arBatch(5), "a step's batch is reproducible");
        try (NDScope ignored = new NDScope()) {
            float expected = 2 * Losses.causalLm(model, Batch.of(batch, 3, false), manager, 0).getFloat();
            assertEquals(expected, objective.loss(model, 5, manager).getFloat(), 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> new ConsistencyObjective(TrajectoryData.of(List.of(b)), 4,
                9, 3, 2, arOnly, List.of(), m -> Map.of()));
    }

    private List<float[]> gradients(List<NDArray> params, java.util.function.Supplier<NDArray> loss) {
        params.forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
        try (NDScope ignored = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.get());
        }
        List<float[]> out = new ArrayList<>();
        for (NDArray p : params) {
            try (NDArray g = p.getGradient()) {
                out.add(g.toFloatArray());
            }
        }
        return out;
    }
}
