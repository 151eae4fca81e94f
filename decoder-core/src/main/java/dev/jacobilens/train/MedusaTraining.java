package dev.jacobilens.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.decode.MedusaTree;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.MedusaHeads;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.store.OutputLock;
import dev.jacobilens.store.OutputTargets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Trains Medusa-1 heads on a frozen base model by self-distillation, as the Medusa repository
 * does when no chat data fits the model: the targets are the base model's own greedy outputs on
 * the training prompts, so the heads learn to foresee exactly what greedy decoding will write.
 * The base model's weights never change (they get no gradient), so decoding with the heads keeps
 * its output.
 *
 * <p>Prompts after the training ones (the same file) are held out: each head's accuracy per rank
 * on their greedy outputs is measured after training, and the default candidate tree is built
 * from those accuracies ({@link MedusaTree#best}) and stored with the heads.
 */
public final class MedusaTraining {
    /** Held-out prompts whose greedy outputs measure the heads' accuracy and pick the tree. */
    static final int VALIDATION_PROMPTS = 100;
    /** Ranks per head whose accuracy is measured (the widest tree the measurement can build). */
    static final int RANKS = 10;

    /** Settings of a run; see {@code bin/jacobi-lens train-medusa --help}. */
    public record Settings(Path model, Path prompts, Path out, int heads, int samples, int steps, int batchSize,
                           double learningRate, int warmupSteps, long seed, int maxNewTokens, int treeNodes,
                           String device) {
    }

    private MedusaTraining() {
    }

    public static void run(Settings s, PrintStream log, BooleanSupplier stop) throws IOException {
        if (s.heads() < 1 || s.heads() > MedusaHeads.MAX_HEADS) {
            throw new EngineException("--heads must be 1 to " + MedusaHeads.MAX_HEADS + ", got " + s.heads());
        }
        List<Prompt> all = PromptFiles.read(s.prompts());
        if (all.size() < 2) {
            throw new EngineException(s.prompts() + ": needs at least 2 prompts (training and held-out), has "
                    + all.size());
        }
        int validation = Math.min(VALIDATION_PROMPTS, all.size() / 2);
        int training = Math.min(s.samples(), all.size() - validation);
        OutputTargets.resolve(s.out());
        try (OutputLock lock = OutputLock.acquire(s.out().resolveSibling("." + s.out().getFileName() + ".lock"),
                s.out());
             LoadedModel base = Models.load(s.model(), s.device())) {
            long started = System.nanoTime();
            log.printf("self-distillation targets: greedy outputs of %s on %d training and %d held-out prompts of %s%n",
                    base.info().name(), training, validation, s.prompts());
            LlamaModel model = base.model();
            try (NDManager manager = model.manager().newSubManager();
                 MedusaFeatures train = MedusaFeatures.of(base, all.subList(0, training), s.heads(), s.maxNewTokens(),
                         manager, log, stop);
                 MedusaFeatures heldOut = MedusaFeatures.of(base, all.subList(training, training + validation),
                         s.heads(), s.maxNewTokens(), manager, log, stop)) {
                if (stop.getAsBoolean()) {
                    log.println("stopped before training; nothing written");
                    return;
                }
                log.printf("%d training sequences (%d decoded token by token), %,d positions; %d held out%n",
                        train.sequences(), train.decodedOneByOne(), train.rows(), heldOut.sequences());
                try (MedusaHeads heads = MedusaHeads.initialise(model, s.heads(), manager)) {
                    log.printf("training %d heads (%,d parameters) for %d steps of %d positions%n", s.heads(),
                            heads.parameterCount(), s.steps(), s.batchSize());
                    double loss = train(model, heads, train, s, log, stop);
                    if (stop.getAsBoolean()) {
                        log.println("stopped; nothing written (training takes minutes: run it again)");
                        return;
                    }
                    double[][] accuracy = rankAccuracy(heads, heldOut);
                    for (int k = 0; k < accuracy.length; k++) {
                        log.printf("head %d (token t+%d): top-1 %.1f%%  top-3 %.1f%%  top-%d %.1f%% on held-out text%n",
                                k, k + 2, 100 * sum(accuracy[k], 1), 100 * sum(accuracy[k], 3), RANKS,
                                100 * sum(accuracy[k], RANKS));
                    }
                    MedusaTree tree = MedusaTree.best(accuracy, s.treeNodes());
                    log.printf("candidate tree (%d nodes, depth %d): %s%n", tree.size(), tree.depth(), tree.text());
                    ObjectNode d = description(s, base, train.sequences(), heldOut.sequences(), loss, accuracy, tree,
                            (System.nanoTime() - started) / 6e10);
                    MedusaHeadsFile.save(s.out(), heads, d);
                    log.printf("wrote %s and %s (%.1f minutes)%n", s.out(), MedusaHeadsFile.descriptionOf(s.out()),
                            (System.nanoTime() - started) / 6e10);
                }
            }
        }
    }

    /**
     * AdamW on the heads only. Each step scores a seeded random draw of output positions: with
     * the base model frozen, a position's loss depends on nothing but its own hidden state.
     */
    private static double train(LlamaModel model, MedusaHeads heads, MedusaFeatures data, Settings s,
                                PrintStream log, BooleanSupplier stop) {
        if (data.rows() == 0) {
            throw new EngineException(s.prompts() + ": no training positions (every output was left out)");
        }
        heads.all().forEach(p -> p.setRequiresGradient(true));
        LrSchedule schedule = new LrSchedule(s.learningRate(), s.warmupSteps(), s.steps(), 0.1);
        Random rng = new Random(s.seed());
        double recent = Double.NaN;
        long started = System.nanoTime();
        // Medusa trains its heads without weight decay
        try (AdamW optimizer = new AdamW(heads.all(), Collections.nCopies(heads.all().size(), false),
                model.manager(), 0.9, 0.999, 1e-8, 0)) {
            for (int step = 0; step < s.steps() && !stop.getAsBoolean(); step++) {
                int[] rows = new int[s.batchSize()];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = rng.nextInt(data.rows());
                }
                double loss;
                try (NDScope ignored = new NDScope();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = loss(heads, data, rows, model.manager());
                    gc.backward(l);
                    loss = l.getFloat();
                }
                double gradNorm = optimizer.step(schedule.at(step), 1.0);
                if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
                    optimizer.discardGradients();
                    log.printf("step %d: skipped, not finite%n", step + 1);
                    continue;
                }
                recent = Double.isNaN(recent) ? loss : 0.95 * recent + 0.05 * loss;
                int done = step + 1;
                if (done % 100 == 0 || done == s.steps()) {
                    double each = (System.nanoTime() - started) / 1e9 / done;
                    log.printf("step %d/%d  loss %.4f  lr %.2e  %.3f s/step  ETA %s%n", done, s.steps(), recent,
                            schedule.at(step), each, Eta.format(each * (s.steps() - done)));
                }
            }
        }
        heads.all().forEach(p -> p.setRequiresGradient(false));
        return recent;
    }

    /** Mean cross-entropy of every head on the given rows: head k against the token k + 2 places on. */
    static NDArray loss(MedusaHeads heads, MedusaFeatures data, int[] rows, NDManager m) {
        int k = heads.count();
        long[] index = new long[rows.length];
        long[] targets = new long[k * rows.length];
        float[] weights = new float[k * rows.length];
        float weightSum = 0;
        for (int i = 0; i < rows.length; i++) {
            index[i] = rows[i];
            for (int head = 0; head < k; head++) {
                long t = data.targets()[head * data.rows() + rows[i]];
                targets[head * rows.length + i] = Math.max(t, 0);
                weights[head * rows.length + i] = t < 0 ? 0 : 1;
                weightSum += t < 0 ? 0 : 1;
            }
        }
        NDArray hidden = JniUtils.embedding((PtNDArray) m.create(index), (PtNDArray) data.hidden(), false);
        Shape shape = new Shape(k, rows.length);
        return Losses.crossEntropy(heads.logits(hidden), m.create(targets, shape), m.create(weights, shape),
                weightSum, 0);
    }

    /** Per head, the share of held-out positions whose target was the head's token of each rank. */
    static double[][] rankAccuracy(MedusaHeads heads, MedusaFeatures data) {
        int k = heads.count();
        double[][] hits = new double[k][RANKS];
        double[] counted = new double[k];
        int chunk = 4096;
        for (int start = 0; start < data.rows(); start += chunk) {
            int n = Math.min(chunk, data.rows() - start);
            long[] top;
            try (NDScope ignored = new NDScope()) {
                NDArray hidden = data.hidden().get(start + ":" + (start + n));
                top = heads.logits(hidden).toType(DataType.FLOAT32, false).topK(RANKS, -1, true, true).get(1)
                        .toLongArray();
            }
            for (int head = 0; head < k; head++) {
                for (int i = 0; i < n; i++) {
                    long target = data.targets()[head * data.rows() + start + i];
                    if (target < 0) {
                        continue;
                    }
                    counted[head]++;
                    for (int r = 0; r < RANKS; r++) {
                        if (top[(head * n + i) * RANKS + r] == target) {
                            hits[head][r]++;
                        }
                    }
                }
            }
        }
        for (int head = 0; head < k; head++) {
            for (int r = 0; r < RANKS; r++) {
                hits[head][r] /= Math.max(1, counted[head]);
            }
        }
        return hits;
    }

    private static ObjectNode description(Settings s, LoadedModel base, int training, int validation, double loss,
                                          double[][] accuracy, MedusaTree tree, double minutes) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode d = json.createObjectNode();
        d.putObject("base_model").put("name", base.info().name()).put("weights_sha256", base.info().weightsSha256());
        d.put("tree", tree.text());
        ObjectNode t = d.putObject("training");
        t.put("method", "self-distillation on the base model's greedy outputs (Medusa-1, base model frozen)");
        t.put("prompts", s.prompts().getFileName().toString());
        t.put("training_prompts", training);
        t.put("held_out_prompts", validation);
        t.put("steps", s.steps());
        t.put("batch_size", s.batchSize());
        t.put("learning_rate", s.learningRate());
        t.put("warmup_steps", s.warmupSteps());
        t.put("seed", s.seed());
        t.put("max_new_tokens", s.maxNewTokens());
        t.put("final_train_loss", loss);
        t.put("minutes", minutes);
        ArrayNode acc = d.putArray("held_out_rank_accuracy");
        for (double[] head : accuracy) {
            ArrayNode row = acc.addArray();
            for (double a : head) {
                row.add(Math.round(a * 10000) / 10000.0);
            }
        }
        return d;
    }

    private static double sum(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < Math.min(n, a.length); i++) {
            s += a[i];
        }
        return s;
    }
}
