package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.jacobilens.engine.model.LlamaModel;

import java.util.Map;

/** What a {@link TrainingLoop} minimises. */
public interface Objective {
    /**
     * The scalar loss of one training step. The data it uses must depend only on the step
     * number (seeded), so that a resumed run sees exactly the batches an uninterrupted one would.
     */
    NDArray loss(LlamaModel model, int step, NDManager manager);

    /** Periodic evaluation (held-out loss, accuracy, ...): name → value. Runs without gradients. */
    Map<String, Double> evaluate(LlamaModel model);
}
