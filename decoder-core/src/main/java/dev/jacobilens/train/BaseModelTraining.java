package dev.jacobilens.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.corpus.Corpus;
import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.TextTokenizer;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.store.OutputLock;
import dev.jacobilens.store.method.Autoregressive;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains our own base model from scratch on a corpus directory (train.jsonl, test.jsonl,
 * tokenizer.json as {@code corpus} writes them) and writes it as a Hugging Face directory.
 */
public final class BaseModelTraining {
    /** Settings of a run; see {@code bin/jacobi-lens train-base --help}. */
    public record Settings(Path corpus, Path out, String config, int steps, int batchSize, double learningRate,
                           int warmupSteps, long seed, int evalEvery, int evalProblems, int finalEvalProblems,
                           boolean resume, String device, boolean learnPrompt) {
    }

    private BaseModelTraining() {
    }

    public static Map<String, Object> run(Settings s, PrintStream log, BooleanSupplier stop) throws IOException {
        List<Problem> train = GsmJsonl.read(s.corpus().resolve(Corpus.TRAIN_FILE));
        List<Problem> test = GsmJsonl.read(s.corpus().resolve(Corpus.TEST_FILE));
        Files.createDirectories(s.out());
        try (OutputLock lock = TrainingState.lock(s.out());
             TextTokenizer tokenizer = TextTokenizer.load(s.corpus().resolve("tokenizer.json"));
             NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device(s.device()))) {
            LlamaConfig config = BaseModelConfigs.named(s.config(), tokenizer.vocabularySize());
            boolean resuming = TrainingState.begin(s.out(), s.resume(), new RunSettings()
                    .putFile("--corpus train.jsonl", s.corpus().resolve(Corpus.TRAIN_FILE))
                    .putFile("--corpus tokenizer.json", s.corpus().resolve("tokenizer.json"))
                    .put("--config", s.config()).put("--seed", s.seed()).put("--batch", s.batchSize())
                    .put("--lr", s.learningRate()).put("--learn-prompt", s.learnPrompt()));
            LlamaParameters params = resuming ? TrainingState.loadParameters(s.out(), manager)
                    : LlamaParameters.initialise(config, manager, s.seed(), 0.02);
            LlamaModel model = new LlamaModel(config, params, manager, DataType.FLOAT32);
            List<Example> trainExamples = MathExamples.of(train, tokenizer, config);
            List<Example> heldOut = MathExamples.of(test.subList(0, Math.min(200, test.size())), tokenizer, config);
            List<Problem> quickEval = test.subList(0, Math.min(s.evalProblems(), test.size()));
            log.printf("training %s model (%,d parameters, vocabulary %d) on %d problems; %d steps of %d on %s%n",
                    s.config(), BaseModelConfigs.parameterCount(config), config.vocabSize(), train.size(), s.steps(),
                    s.batchSize(), dev.jacobilens.store.DeviceNames.shown(manager.getDevice().toString()));
            CausalLmObjective objective = new CausalLmObjective(trainExamples, heldOut, s.batchSize(), s.seed(),
                    config.padTokenId(), s.learnPrompt(),
                    m -> Map.of("accuracy", AnswerEvaluation.run(m, tokenizer, quickEval, Autoregressive.INSTANCE, 200, 0, null).accuracy()));
            TrainingOptions options = new TrainingOptions(s.steps(), s.learningRate(), s.warmupSteps(), 0.1, 0.1, 1.0,
                    s.evalEvery(), s.evalEvery());
            long started = System.nanoTime();
            try (AdamW optimizer = new AdamW(params.all(), decayFlags(params.all()), manager, 0.9, 0.95, 1e-8, 0.1)) {
                int start = resuming ? TrainingState.restore(s.out(), optimizer) : 0;
                if (resuming) {
                    log.printf("resuming from step %d%n", start);
                }
                TrainingLoop loop = new TrainingLoop(model, objective, options, s.out(), s.corpus(), log);
                double finalLoss = loop.run(optimizer, start, stop);
                double minutes = (System.nanoTime() - started) / 6e10;
                if (stop.getAsBoolean()) {
                    return Map.of("stopped", true);
                }
                loop.requireTrained();
                loop.exportModel(s.out(), "F16", "float32");
                List<Problem> finalSet = test.subList(0, Math.min(s.finalEvalProblems(), test.size()));
                AnswerEvaluation.Result eval = AnswerEvaluation.run(model, tokenizer, finalSet, Autoregressive.INSTANCE, 200, 0,
                        null);
                if (stop.getAsBoolean()) {
                    log.printf("final evaluation cut short; run again with --resume to finish it%n");
                    return Map.of("stopped", true);
                }
                log.printf("final: accuracy %.1f%% on %d held-out problems, mean answer %.1f tokens%n",
                        100 * eval.accuracy(), eval.problems(), eval.meanAnswerTokens());
                ObjectNode report = new ObjectMapper().createObjectNode();
                report.put("config", s.config());
                report.put("parameters", BaseModelConfigs.parameterCount(config));
                report.put("steps", s.steps());
                report.put("batch_size", s.batchSize());
                report.put("learning_rate", s.learningRate());
                report.put("seed", s.seed());
                report.put("train_problems", train.size());
                report.put("final_train_loss", finalLoss);
                report.put("final_eval_loss", objective.heldOutLoss(model));
                report.put("accuracy", eval.accuracy());
                report.put("eval_problems", eval.problems());
                report.put("training_minutes", minutes);
                report.put("device", manager.getDevice().toString());
                report.set("history", new ObjectMapper().valueToTree(loop.history()));
                dev.jacobilens.store.AtomicFiles.write(s.out().resolve("training_report.json"),
                        stream -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(stream, report));
                return new ObjectMapper().convertValue(report, Map.class);
            }
        }
    }

    /** Weight decay on matrices only, not on norm vectors. */
    public static List<Boolean> decayFlags(List<NDArray> params) {
        List<Boolean> out = new ArrayList<>();
        params.forEach(p -> out.add(p.getShape().dimension() > 1));
        return out;
    }

    public static Device device(String name) {
        return dev.jacobilens.engine.Models.resolveDevice(name);
    }
}
