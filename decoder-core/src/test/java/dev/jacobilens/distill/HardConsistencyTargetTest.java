package dev.jacobilens.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.RopeConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --consistency-target hard}: cross-entropy of the student on the wrong state against the fixed point's tokens. */
class HardConsistencyTargetTest {
    private static final LlamaConfig CONFIG = new LlamaConfig(60, 32, 64, 2, 4, 2, 8, 1e-5,
            RopeConfig.defaults(10000), 64, false, 1, List.of(2), 3);

    @Test
    void lossIsTheMeanNegativeLogProbabilityOfEachFixedPointTokenFromTheWrongState() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(); NDScope ignored = new NDScope()) {
            LlamaModel model = new LlamaModel(CONFIG, LlamaParameters.initialise(CONFIG, manager, 3, 0.2), manager,
                    DataType.FLOAT32);
            int[] state = {20, 40, 41, 42, 43};
            int[] fixed = {20, 21, 22, 23, 24};
            TrajectoryData.Block b = new TrajectoryData.Block(3, new int[] {1, 10, 11, 12}, List.of(state, fixed), null);
            ConsistencyObjective.Weights hard =
                    new ConsistencyObjective.Weights(0, 1, 0, ConsistencyObjective.ArScope.ALL, false, 0, true);
            ConsistencyObjective objective = new ConsistencyObjective(TrajectoryData.of(List.of(b)), 1, 0, 3, 2, hard,
                    m -> Map.of());
            float loss = objective.loss(model, List.of(new ConsistencyObjective.Sample(b, state)), manager).getFloat();

            // by hand: the first wrong token is block position 1 (sequence position 5), predicted at position 4;
            // positions 4..7 of the student sequence predict the fixed point's tokens 21, 22, 23, 24
            long[] student = {1, 10, 11, 12, 20, 40, 41, 42, 43};
            float[] logp = model.forward(manager.create(student, new Shape(1, 9)), null, false).logSoftmax(-1)
                    .toFloatArray();
            int vocab = CONFIG.vocabSize();
            double expected = 0;
            for (int k = 0; k < 4; k++) {
                expected -= logp[(4 + k) * vocab + fixed[1 + k]];
            }
            assertEquals(expected / 4, loss, 1e-5);
        }
    }
}
