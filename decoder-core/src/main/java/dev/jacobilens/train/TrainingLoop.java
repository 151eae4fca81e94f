package dev.jacobilens.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.engine.model.LlamaModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The optimisation loop shared by base-model training and consistency distillation: AdamW with
 * warmup and cosine decay, gradient clipping, a progress line with ETA, periodic evaluation,
 * and resumable checkpoints (weights, optimiser moments and the step, under
 * {@code OUT/checkpoint}).
 */
public final class TrainingLoop {
    private final LlamaModel model;
    private final Objective objective;
    private final TrainingOptions options;
    private final Path outDir;
    private final Path tokenizerDir;
    private final PrintStream log;
    /** Non-finite steps tolerated back to back before a run is declared diverged. */
    private static final int MAX_SKIPPED_IN_A_ROW = 5;
    private final List<Map<String, Double>> history = new ArrayList<>();
    private int skippedInARow;
    /** Steps of this run that updated the weights, and the steps it was to run. */
    private int taken;
    private int toRun;

    public TrainingLoop(LlamaModel model, Objective objective, TrainingOptions options, Path outDir,
                        Path tokenizerDir, PrintStream log) {
        this.model = model;
        this.objective = objective;
        this.options = options;
        this.outDir = outDir;
        this.tokenizerDir = tokenizerDir;
        this.log = log;
    }

    /** Evaluations so far: step, loss and the objective's metrics. */
    public List<Map<String, Double>> history() {
        return history;
    }

    /**
     * Trains from {@code startStep} (0, or the step of a resumed checkpoint) to the end, or until
     * {@code stop} says so (then a checkpoint is written, nothing is lost).
     *
     * @return the mean training loss of the last 20 steps
     */
    public double run(AdamW optimizer, int startStep, BooleanSupplier stop) throws IOException {
        List<NDArray> params = model.parameters().all();
        params.forEach(p -> p.setRequiresGradient(true));
        LrSchedule schedule = options.schedule();
        long started = System.nanoTime();
        double recent = Double.NaN;
        double[] window = new double[20];
        int done = 0;
        toRun = Math.max(0, options.steps() - startStep);
        for (int step = startStep; step < options.steps(); step++) {
            if (stop.getAsBoolean()) {
                log.printf("stopped at step %d; checkpoint saved%n", step);
                TrainingState.save(outDir, model, optimizer, step, tokenizerDir);
                return recent;
            }
            double lr = schedule.at(step);
            double loss = lossAndGradients(step);
            double gradNorm = Double.isFinite(loss) ? optimizer.step(lr, options.clipNorm()) : Double.NaN;
            if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
                // Computed once more before giving the step up: seeded runs of one distillation in
                // separate processes have met a non-finite gradient that only one of them got, at a
                // step whose loss was the same in all (assets/README.md, "Determinism"). The batch
                // depends only on the step and nothing was updated, so a recomputation is the same
                // step, and a transient fault no longer makes that run differ from the others.
                optimizer.discardGradients();
                log.printf("step %d: %s is not finite; computing the step again%n", step + 1,
                        Double.isFinite(loss) ? "gradient" : "loss");
                loss = lossAndGradients(step);
                gradNorm = Double.isFinite(loss) ? optimizer.step(lr, options.clipNorm()) : Double.NaN;
            }
            if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
                skippedInARow++;
                optimizer.discardGradients();
                log.printf("step %d: skipped, %s is not finite%n", step + 1, Double.isFinite(loss) ? "gradient" : "loss");
                if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                    throw new IllegalStateException(skippedInARow + " steps in a row had non-finite values (step "
                            + (step + 1) + "); lower the learning rate and --resume (the last checkpoint is kept)");
                }
                continue;
            }
            skippedInARow = 0;
            taken++;
            window[done % window.length] = loss;
            done++;
            recent = mean(window, Math.min(done, window.length));
            int completed = step + 1;
            if (completed % 10 == 0 || completed == options.steps()) {
                double perStep = (System.nanoTime() - started) / 1e9 / done;
                log.printf("step %d/%d  loss %.4f  lr %.2e  grad-norm %.3f  %.2f s/step  ETA %s%n", completed,
                        options.steps(), recent, lr, gradNorm, perStep, Eta.format(perStep * (options.steps() - completed)));
            }
            if (options.evalEvery() > 0 && completed % options.evalEvery() == 0 && completed < options.steps()) {
                evaluate(completed, recent);
            }
            if (options.checkpointEvery() > 0 && completed % options.checkpointEvery() == 0
                    && completed < options.steps()) {
                TrainingState.save(outDir, model, optimizer, completed, tokenizerDir);
            }
        }
        evaluate(options.steps(), recent);
        TrainingState.save(outDir, model, optimizer, options.steps(), tokenizerDir);
        return recent;
    }

    /** The step's loss, with its gradients accumulated on the parameters. */
    private double lossAndGradients(int step) {
        try (NDScope ignored = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = objective.loss(model, step, model.manager());
            gc.backward(l);
            return l.getFloat();
        }
    }

    private void evaluate(int step, double trainLoss) {
        params(false);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("step", (double) step);
        metrics.put("train_loss", trainLoss);
        metrics.putAll(objective.evaluate(model));
        if (StopRequest.isRequested()) {
            // its decodes were cut short: the numbers would be wrong, so none are kept
            log.printf("eval at step %d cut short by %s%n", step, StopRequest.reason());
            params(true);
            return;
        }
        history.add(metrics);
        StringBuilder sb = new StringBuilder("eval");
        metrics.forEach((k, v) -> sb.append(String.format("  %s %s", k, k.equals("step") ? String.valueOf(v.intValue())
                : String.format("%.4f", v))));
        log.println(sb);
        params(true);
    }

    private void params(boolean requiresGrad) {
        // Evaluation decodes with the same arrays; no autograd graph should be recorded then.
        model.parameters().all().forEach(p -> p.setRequiresGradient(requiresGrad));
    }

    /**
     * Refuses to call a run trained when no step of it updated the weights (each one skipped for a
     * non-finite loss or gradient), or when any weight is NaN or infinite: writing such a model
     * would report success for a model that is untrained or produces only NaNs.
     */
    public void requireTrained() {
        if (toRun > 0 && taken == 0) {
            throw new dev.jacobilens.engine.EngineException("every one of the " + toRun + " steps was skipped (its loss"
                    + " or gradient was not finite): no model written; lower --lr, check the inputs, and run again");
        }
        for (NDArray p : model.parameters().all()) {
            try (NDScope ignored = new NDScope()) {
                if (p.isNaN().any().getBoolean() || p.isInfinite().any().getBoolean()) {
                    throw new dev.jacobilens.engine.EngineException("the trained weights are not finite (" + p.getName()
                            + " holds NaN or infinity): no model written; lower --lr and run again");
                }
            }
        }
    }

    /** Writes the trained model as a Hugging Face directory. */
    public void exportModel(Path dir, String dtype, String configDtype) throws IOException {
        try {
            CheckpointWriter.write(dir, model.config(), model.parameters(), dtype, configDtype,
                    CheckpointWriter.RopeForm.LEGACY, tokenizerDir);
        } catch (IOException e) {
            // a full disk says "No space left on device" and nothing else: name the folder and what is kept
            throw e instanceof dev.jacobilens.store.OutputFileException ? e
                    : new dev.jacobilens.store.OutputFileException(dir, "writing the model failed ("
                    + dev.jacobilens.store.OutputTargets.reason(e) + "); the checkpoint in " + dir.resolve(TrainingState.DIR)
                    + " is complete: free space and run again with --resume", e);
        }
    }

    private static double mean(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i];
        }
        return s / n;
    }
}
