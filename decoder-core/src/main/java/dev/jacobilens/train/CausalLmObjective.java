package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.jacobilens.engine.model.LlamaModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Causal language-model pretraining: next-token cross-entropy on the continuation of each
 * example (prompt masked by default), batches in a seeded order, and a held-out loss plus any
 * extra evaluation (answer accuracy) at each evaluation.
 */
public final class CausalLmObjective implements Objective {
    private final List<Example> train;
    private final List<Example> heldOut;
    private final int batchSize;
    private final int padId;
    private final boolean learnPrompt;
    private final SeededOrder order;
    private final Function<LlamaModel, Map<String, Double>> extraEvaluation;

    public CausalLmObjective(List<Example> train, List<Example> heldOut, int batchSize, long seed, int padId,
                             boolean learnPrompt, Function<LlamaModel, Map<String, Double>> extraEvaluation) {
        this.train = List.copyOf(train);
        this.heldOut = List.copyOf(heldOut);
        this.batchSize = batchSize;
        this.padId = padId;
        this.learnPrompt = learnPrompt;
        this.order = new SeededOrder(train.size(), seed);
        this.extraEvaluation = extraEvaluation;
    }

    /** The examples of a step's batch. */
    public List<Example> batch(int step) {
        List<Example> out = new ArrayList<>();
        for (int i : order.batch(step, batchSize)) {
            out.add(train.get(i));
        }
        return out;
    }

    @Override
    public NDArray loss(LlamaModel model, int step, NDManager manager) {
        return Losses.causalLm(model, Batch.of(batch(step), padId, learnPrompt), manager, 0);
    }

    @Override
    public Map<String, Double> evaluate(LlamaModel model) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!heldOut.isEmpty()) {
            out.put("eval_loss", heldOutLoss(model));
        }
        out.putAll(extraEvaluation.apply(model));
        return out;
    }

    /** Mean held-out loss, weighted by token count. */
    public double heldOutLoss(LlamaModel model) {
        double total = 0;
        double weight = 0;
        for (int i = 0; i < heldOut.size(); i += batchSize) {
            Batch b = Batch.of(heldOut.subList(i, Math.min(heldOut.size(), i + batchSize)), padId, learnPrompt);
            try (NDScope ignored = new NDScope()) {
                total += Losses.causalLm(model, b, model.manager(), 0).getFloat() * b.weightSum();
                weight += b.weightSum();
            }
        }
        return weight == 0 ? Double.NaN : total / weight;
    }
}
