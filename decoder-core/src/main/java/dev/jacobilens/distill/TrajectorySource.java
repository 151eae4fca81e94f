package dev.jacobilens.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.LlamaModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks that trajectories were collected from the base model being distilled. Consistency
 * distillation teaches the student to jump to the fixed points of the base model's Jacobi
 * iterations, which are its greedy continuations; trajectories of another model (or another
 * tokenizer) would train it, without any error, towards that other model's text. So a sample of
 * blocks is run through the base model once: its greedy prediction of each fixed-point token,
 * given the tokens before it, must agree with the recorded token almost everywhere.
 */
final class TrajectorySource {
    /** Blocks checked: spread over the file, enough to tell models apart, a few ms on small models. */
    static final int SAMPLE = 16;
    /** Agreement below this is another model's text; the collecting model agrees all but ties. */
    static final double MIN_AGREEMENT = 0.9;

    private TrajectorySource() {
    }

    static void require(LlamaModel base, TrajectoryData data, Path trajectories, Path model) {
        int vocab = base.config().vocabSize();
        int max = base.config().maxPositionEmbeddings();
        List<TrajectoryData.Block> blocks = data.blocks();
        for (TrajectoryData.Block b : blocks) {
            for (int[] ids : List.of(b.prefix(), b.fixedPoint())) {
                for (int id : ids) {
                    if (id < 0 || id >= vocab) {
                        throw new EngineException(trajectories + ": token id " + id + " is outside the vocabulary of"
                                + " --model " + model + " (" + vocab + " ids): the trajectories were collected with"
                                + " another tokenizer; collect them from --model");
                    }
                }
            }
        }
        long agree = 0;
        long total = 0;
        int step = Math.max(1, blocks.size() / SAMPLE);
        for (int k = 0; k < blocks.size() && k / step < SAMPLE; k += step) {
            TrajectoryData.Block b = blocks.get(k);
            int[] prefix = b.prefix();
            int[] fixed = b.fixedPoint();
            int length = prefix.length + fixed.length;
            if (prefix.length == 0 || length > max) {
                continue;
            }
            long[] ids = new long[length];
            for (int i = 0; i < length; i++) {
                ids[i] = i < prefix.length ? prefix[i] : fixed[i - prefix.length];
            }
            try (NDScope ignored = new NDScope()) {
                NDArray input = base.manager().create(ids, new Shape(1, length));
                NDArray logits = base.forward(input, null, false);
                // position t predicts token t + 1: the block is predicted from prefix.length - 1 on
                int[] predicted = LlamaModel.argmaxTokens(logits.get("0, " + (prefix.length - 1) + ":" + (length - 1)));
                for (int i = 0; i < fixed.length; i++) {
                    agree += predicted[i] == fixed[i] ? 1 : 0;
                }
                total += fixed.length;
            }
        }
        if (total > 0 && agree < MIN_AGREEMENT * total) {
            throw new EngineException(trajectories + ": these trajectories are not --model " + model + "'s: its greedy"
                    + " continuation agrees with only " + Math.round(100.0 * agree / total) + "% of the fixed-point"
                    + " tokens checked (the model that collected them agrees with all but rare ties); collect them"
                    + " from --model, or pass the model they came from");
        }
    }
}
