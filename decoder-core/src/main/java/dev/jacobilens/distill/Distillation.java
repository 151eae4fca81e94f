package dev.jacobilens.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.TextTokenizer;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.train.AdamW;
import dev.jacobilens.train.AnswerEvaluation;
import dev.jacobilens.train.BaseModelTraining;
import dev.jacobilens.train.Example;
import dev.jacobilens.store.OutputLock;
import dev.jacobilens.train.FreeTextEvaluation;
import dev.jacobilens.train.MathExamples;
import dev.jacobilens.train.RunSettings;
import dev.jacobilens.train.TrainingLoop;
import dev.jacobilens.train.TrainingOptions;
import dev.jacobilens.train.TrainingState;
import dev.jacobilens.store.method.Jacobi;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Consistency distillation: starts from the base model's weights and trains on its own Jacobi
 * trajectories with {@link ConsistencyObjective}, then writes the consistency model as a Hugging
 * Face directory beside a {@code training_report.json}.
 */
public final class Distillation {
    /** Settings; see {@code bin/jacobi-lens distill --help}. */
    public record Settings(Path model, Path trajectories, Path out, int steps, int batchSize, double learningRate,
                           int warmupSteps, long seed, ConsistencyObjective.Weights weights, Path evalPrompts,
                           int evalProblems, int evalEvery, int blockSize, boolean resume, String device,
                           Path arPrompts, Path init, SampledContinuations.Sampling arSampling,
                           JacobiForcingObjective.Options jacobiForcing) {
        /** With the consistency objective (CLLM's). */
        public Settings(Path model, Path trajectories, Path out, int steps, int batchSize, double learningRate,
                        int warmupSteps, long seed, ConsistencyObjective.Weights weights, Path evalPrompts,
                        int evalProblems, int evalEvery, int blockSize, boolean resume, String device,
                        Path arPrompts, Path init, SampledContinuations.Sampling arSampling) {
            this(model, trajectories, out, steps, batchSize, learningRate, warmupSteps, seed, weights, evalPrompts,
                    evalProblems, evalEvery, blockSize, resume, device, arPrompts, init, arSampling, null);
        }

        /** The objective's name, as {@code --objective} takes it. */
        public String objective() {
            return jacobiForcing == null ? "consistency" : "jacobi-forcing";
        }

        /** Starting from the base model's weights, with the AR loss on {@code arPrompts} or the blocks. */
        public Settings(Path model, Path trajectories, Path out, int steps, int batchSize, double learningRate,
                        int warmupSteps, long seed, ConsistencyObjective.Weights weights, Path evalPrompts,
                        int evalProblems, int evalEvery, int blockSize, boolean resume, String device,
                        Path arPrompts) {
            this(model, trajectories, out, steps, batchSize, learningRate, warmupSteps, seed, weights, evalPrompts,
                    evalProblems, evalEvery, blockSize, resume, device, arPrompts, null, null);
        }

        /** Without a separate AR problem pool: the AR loss runs on the sampled blocks. */
        public Settings(Path model, Path trajectories, Path out, int steps, int batchSize, double learningRate,
                        int warmupSteps, long seed, ConsistencyObjective.Weights weights, Path evalPrompts,
                        int evalProblems, int evalEvery, int blockSize, boolean resume, String device) {
            this(model, trajectories, out, steps, batchSize, learningRate, warmupSteps, seed, weights, evalPrompts,
                    evalProblems, evalEvery, blockSize, resume, device, null);
        }
    }

    /** New tokens per evaluation prompt: room for the longest answers of the maths corpus. */
    static final int EVAL_MAX_NEW_TOKENS = 256;

    private Distillation() {
    }

    public static Map<String, Object> run(Settings s, PrintStream log, BooleanSupplier stop) throws IOException {
        int arSources = (s.weights().useLabels() ? 1 : 0) + (s.arPrompts() != null ? 1 : 0)
                + (s.arSampling() != null ? 1 : 0);
        if (arSources > 1) {
            throw new EngineException("--use-labels, --ar-prompts and --ar-sampled each choose what the AR loss runs on:"
                    + " pass one");
        }
        if (s.jacobiForcing() != null && s.weights().useLabels()) {
            throw new EngineException("--use-labels is not available with --objective jacobi-forcing: its AR loss runs on"
                    + " the packed clean text, or on --ar-prompts");
        }
        if (s.init() != null) {
            // same config but another tokenizer would train ids that mean other text than the teacher's
            dev.jacobilens.engine.ModelChecks.requireModelFolder("--init", s.init());
            dev.jacobilens.engine.ModelChecks.requireSameTokenizer("--init", s.init(), "--model", s.model());
        }
        TrajectoryData data = TrajectoryData.read(s.trajectories());
        if (s.weights().useLabels() && !data.allLabelled()) {
            throw new EngineException(s.trajectories() + ": --use-labels needs labels_ids in every record"
                    + " (collect with --labels)");
        }
        List<Prompt> eval = s.evalPrompts() == null ? List.of() : PromptFiles.read(s.evalPrompts());
        List<Prompt> evalSet = eval.subList(0, Math.min(s.evalProblems(), eval.size()));
        Files.createDirectories(s.out());
        try (OutputLock lock = TrainingState.lock(s.out());
             TextTokenizer tokenizer = TextTokenizer.load(s.model().resolve("tokenizer.json"));
             NDManager manager = Engine.getEngine("PyTorch").newBaseManager(BaseModelTraining.device(s.device()))) {
            LlamaConfig config;
            LlamaParameters params;
            boolean resuming;
            try (Checkpoint base = Checkpoint.open(s.model());
                 Checkpoint init = s.init() == null ? null : Checkpoint.open(s.init())) {
                config = base.config();
                if (init != null && !init.config().equals(config)) {
                    throw new EngineException(s.init() + ": --init must have the same architecture and tokens as --model "
                            + s.model() + " (config.json differs)");
                }
                resuming = TrainingState.begin(s.out(), s.resume(), runSettings(s, base.weightsChecksum(),
                        init == null ? null : init.weightsChecksum()));
                params = resuming ? TrainingState.loadParameters(s.out(), manager)
                        : LlamaParameters.load(init != null ? init : base, manager, DataType.FLOAT32);
            }
            LlamaModel model = new LlamaModel(config, params, manager, DataType.FLOAT32);
            // free-text evaluation scores the outputs with the base model, and --ar-sampled samples
            // from it: it stays as loaded
            boolean freeTextEval = !evalSet.isEmpty() && !evalSet.stream().allMatch(Prompt::hasAnswer);
            LlamaModel base = freeTextEval || s.arSampling() != null ? baseModel(s.model(), config, manager) : null;
            // the student starts as the base model unless it resumes or starts from --init
            LlamaModel teacher = base != null ? base : !resuming && s.init() == null ? model
                    : baseModel(s.model(), config, manager);
            TrajectorySource.require(teacher, data, s.trajectories(), s.model());
            log.printf("distilling %s on %d blocks from %s; %d steps of %d on %s%n", s.model(), data.size(),
                    s.trajectories(), s.steps(), s.batchSize(), dev.jacobilens.store.DeviceNames.shown(manager.getDevice().toString()));
            List<Example> arProblems = s.arPrompts() == null ? null
                    : MathExamples.of(PromptFiles.problems(s.arPrompts(), "--ar-prompts"), tokenizer, config);
            if (arProblems != null && arProblems.isEmpty()) {
                throw new EngineException(s.arPrompts() + ": no problems to draw the AR loss from");
            }
            if (arProblems != null) {
                log.printf("AR loss on %d labelled problems from %s%n", arProblems.size(), s.arPrompts());
            }
            if (s.arSampling() != null) {
                arProblems = SampledContinuations.of(base, data, s.arSampling(), s.seed(), log, stop);
                if (arProblems == null) {
                    return Map.of("stopped", true);
                }
                log.printf("AR loss on %d continuations sampled from %s%n", arProblems.size(), s.model());
            }
            int padId = config.padTokenId() == null ? 0 : config.padTokenId();
            int eosId = config.eosTokenIds().get(0);
            List<Example> arPool = arProblems;
            java.util.function.Function<LlamaModel, Map<String, Double>> evaluation =
                    m -> jacobiEvaluation(m, base, tokenizer, evalSet, s.blockSize());
            dev.jacobilens.train.Objective objective;
            if (s.jacobiForcing() != null) {
                JacobiForcingObjective jf = new JacobiForcingObjective(data, s.batchSize(), s.seed(), padId, eosId,
                        s.weights(), s.jacobiForcing(), arPool, evaluation);
                log.printf("Jacobi Forcing: %d generations, up to %d blocks packed per sequence, noise schedule %s,"
                        + " %s context%n", jf.generations(), s.jacobiForcing().packedBlocks(),
                        s.jacobiForcing().schedule(), s.jacobiForcing().noisyContext() ? "noisy" : "clean");
                objective = jf;
            } else {
                objective = new ConsistencyObjective(data, s.batchSize(), s.seed(), padId, eosId, s.weights(), arPool,
                        evaluation);
            }
            TrainingOptions options = new TrainingOptions(s.steps(), s.learningRate(), s.warmupSteps(), 0.1, 0.0, 1.0,
                    s.evalEvery(), s.evalEvery());
            long started = System.nanoTime();
            try (AdamW optimizer = new AdamW(params.all(), BaseModelTraining.decayFlags(params.all()), manager, 0.9,
                    0.95, 1e-8, 0.0)) {
                int start = resuming ? TrainingState.restore(s.out(), optimizer) : 0;
                TrainingLoop loop = new TrainingLoop(model, objective, options, s.out(), s.model(), log);
                double finalLoss = loop.run(optimizer, start, stop);
                if (stop.getAsBoolean()) {
                    return Map.of("stopped", true);
                }
                // a run whose every step was skipped, or whose weights went non-finite, has no model to write
                loop.requireTrained();
                loop.exportModel(s.out(), "F16", "float32");
                ObjectNode report = new ObjectMapper().createObjectNode();
                report.put("base_model", s.model().toString());
                report.put("trajectories", s.trajectories().toString());
                report.put("blocks", data.size());
                report.put("steps", s.steps());
                report.put("batch_size", s.batchSize());
                report.put("learning_rate", s.learningRate());
                report.put("ar_weight", s.weights().ar());
                report.put("consistency_weight", s.weights().consistency());
                report.put("label_smoothing", s.weights().labelSmoothing());
                report.put("ar_scope", s.weights().arScope().name().toLowerCase());
                report.put("use_labels", s.weights().useLabels());
                report.put("ar_prompts", s.arPrompts() == null ? null : s.arPrompts().toString());
                report.put("init", s.init() == null ? null : s.init().toString());
                if (s.arSampling() != null) {
                    report.putObject("ar_sampled").put("temperature", s.arSampling().temperature())
                            .put("top_p", s.arSampling().topP());
                }
                report.put("objective", s.objective());
                if (s.jacobiForcing() != null) {
                    report.put("noise_schedule", s.jacobiForcing().schedule().toString());
                    report.put("packed_blocks", s.jacobiForcing().packedBlocks());
                    report.put("context", s.jacobiForcing().noisyContext() ? "noisy" : "clean");
                }
                report.put("noised_states", s.weights().noisedStates());
                report.put("consistency_target", s.weights().hardTargets() ? "hard" : "soft");
                report.put("seed", s.seed());
                report.put("final_train_loss", finalLoss);
                report.put("training_minutes", (System.nanoTime() - started) / 6e10);
                report.put("device", manager.getDevice().toString());
                report.set("history", new ObjectMapper().valueToTree(loop.history()));
                dev.jacobilens.store.AtomicFiles.write(s.out().resolve("training_report.json"),
                        stream -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(stream, report));
                return new ObjectMapper().convertValue(report, Map.class);
            }
        }
    }

    /** What a resumed distillation must share with the run that made its checkpoint. */
    private static RunSettings runSettings(Settings s, String modelChecksum, String initChecksum) throws IOException {
        RunSettings settings = new RunSettings().put("--model (weights)", modelChecksum);
        // Always recorded, "none"/"off" included: a resume that adds or drops one of them is refused.
        // (Checkpoints made before these were recorded lack the keys, and still resume.)
        settings.put("--init (weights)", initChecksum == null ? "none" : initChecksum);
        // a checkpoint made before --objective existed was made with the consistency objective
        settings.putDefaulted("--objective", s.objective(), "consistency");
        if (s.jacobiForcing() != null) {
            settings.putDefaulted("--noise-schedule", s.jacobiForcing().schedule(), "none")
                    .putDefaulted("--packed-blocks", s.jacobiForcing().packedBlocks(), "none")
                    .putDefaulted("--context", s.jacobiForcing().noisyContext() ? "noisy" : "clean", "clean");
        }
        settings.put("--ar-sampled", s.arSampling() == null ? "off" : "temperature " + s.arSampling().temperature()
                + ", top-p " + s.arSampling().topP());
        // the learning-rate schedule runs over --steps with --warmup: another value is another schedule
        settings.put("--steps", s.steps()).put("--warmup", s.warmupSteps());
        return settings.putFile("--trajectories", s.trajectories())
                .putFile("--ar-prompts", s.arPrompts()).put("--seed", s.seed()).put("--batch", s.batchSize())
                .put("--lr", s.learningRate()).put("--ar-weight", s.weights().ar())
                .put("--consistency-weight", s.weights().consistency())
                .put("--label-smoothing", s.weights().labelSmoothing()).put("--ar-scope", s.weights().arScope())
                .put("--use-labels", s.weights().useLabels()).put("--noised-states", s.weights().noisedStates())
                .put("--consistency-target", s.weights().hardTargets() ? "hard" : "soft");
    }

    private static LlamaModel baseModel(Path dir, LlamaConfig config, NDManager manager) throws IOException {
        try (Checkpoint base = Checkpoint.open(dir)) {
            return new LlamaModel(config, LlamaParameters.load(base, manager, DataType.FLOAT32), manager,
                    DataType.FLOAT32);
        }
    }

    /**
     * The two things distillation trades off: Jacobi tokens per forward pass, and accuracy on
     * problems with answers, or on free text the base model's perplexity of the outputs and their
     * repetition rate.
     */
    static Map<String, Double> jacobiEvaluation(LlamaModel model, LlamaModel base, TextTokenizer tokenizer,
                                                List<Prompt> prompts, int blockSize) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (prompts.isEmpty()) {
            return out;
        }
        if (base != null) {
            return FreeTextEvaluation.run(model, base, tokenizer, prompts, blockSize, EVAL_MAX_NEW_TOKENS);
        }
        List<Problem> problems = prompts.stream().map(Prompt::problem).toList();
        AnswerEvaluation.Result r = AnswerEvaluation.run(model, tokenizer, problems, Jacobi.of(blockSize), EVAL_MAX_NEW_TOKENS,
                0, null);
        out.put("jacobi_accuracy", r.accuracy());
        out.put("jacobi_tokens_per_forward", r.tokensPerForward());
        return out;
    }
}
