package dev.jacobilens.engine.bench;

import dev.jacobilens.corpus.Answers;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.TextQuality;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Our version of the CLLM paper's Table 1: the standard and the consistency model, each with AR
 * and Jacobi decoding, on the same problems — accuracy, forward passes, tokens per pass, tokens
 * per second, and speedups against standard-AR per generated token, in passes and in wall time.
 * Free-text prompts have no answer to check; for them, and for problems too, each row carries the
 * quality of what was written ({@link TextQuality}): the standard model's perplexity of the
 * outputs and their repetition rate, both on the output up to its first EOS.
 */
public final class PairBenchmark {
    /** One line of the table. */
    public record Row(String model, String strategy, double accuracy, long forwardPasses, long tokens,
                     double seconds, double speedupForward, double speedupWall, double perplexity,
                     double repetitionRate) {
        /** Whether the prompts had answers to check; without, {@link #accuracy()} is NaN. */
        public boolean hasAccuracy() {
            return !Double.isNaN(accuracy);
        }

        public double tokensPerForward() {
            return forwardPasses == 0 ? 0 : tokens / (double) forwardPasses;
        }

        public double tokensPerSecond() {
            return seconds == 0 ? 0 : tokens / seconds;
        }
    }

    /** The table, its device, and per problem a comparison of the two Jacobi decodes. */
    public record Result(String device, int problems, int blockSize, List<Row> rows, List<Comparison> comparisons) {
    }

    private PairBenchmark() {
    }

    public static Result run(Path standardDir, Path consistencyDir, List<Prompt> problems, int blockSize,
                             int maxNewTokens, long seed, String device, PrintStream progress) {
        List<Run> runs = new ArrayList<>();
        String deviceName;
        try (LoadedModel standard = Models.load(standardDir, device)) {
            deviceName = standard.device();
            runs.add(decodeAll(standard, "standard", DecodeSettings.AR, problems, blockSize, maxNewTokens, seed, progress));
            runs.add(decodeAll(standard, "standard", DecodeSettings.JACOBI, problems, blockSize, maxNewTokens, seed, progress));
        }
        List<TextQuality.LogLikelihood> likelihoods = new ArrayList<>();
        try (LoadedModel consistency = Models.load(consistencyDir, device)) {
            runs.add(decodeAll(consistency, "consistency", DecodeSettings.AR, problems, blockSize, maxNewTokens, seed, progress));
            runs.add(decodeAll(consistency, "consistency", DecodeSettings.JACOBI, problems, blockSize, maxNewTokens, seed,
                    progress));
        }
        boolean answered = problems.stream().allMatch(Prompt::hasAnswer);
        try (LoadedModel scorer = Models.load(standardDir, device)) {
            for (Run r : runs) {
                likelihoods.add(score(scorer, r));
            }
        }
        Run reference = runs.get(0);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            double tpf = r.tokens / (double) r.passes;
            double tps = r.tokens / r.seconds;
            rows.add(new Row(r.model, r.strategy, answered ? r.correct / (double) problems.size() : Double.NaN,
                    r.passes, r.tokens, r.seconds, tpf / (reference.tokens / (double) reference.passes),
                    tps / (reference.tokens / reference.seconds), likelihoods.get(k).perplexity(),
                    r.repetition.rate()));
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            comparisons.add(new Comparison(problems.get(i).text(), runs.get(1).recordings.get(i),
                    runs.get(3).recordings.get(i), timing(runs.get(0).recordings.get(i)),
                    timing(runs.get(2).recordings.get(i))));
        }
        return new Result(deviceName, problems.size(), blockSize, rows, comparisons);
    }

    /** The standard model's likelihood of a run's outputs, each up to its first EOS. */
    private static TextQuality.LogLikelihood score(LoadedModel scorer, Run run) {
        TextQuality.LogLikelihood total = TextQuality.LogLikelihood.NONE;
        for (Recording r : run.recordings) {
            int[] text = TextQuality.untilFirstEos(r.outputIds(), scorer.model().config()::isEos);
            total = total.plus(Perplexity.score(scorer.model(), r.promptIds(), text));
        }
        return total;
    }

    private static ArTiming timing(Recording ar) {
        return new ArTiming(ar.forwardPasses(), ar.outputIds().length, ar.elapsedNanos(), ar.settings().device());
    }

    private static final class Run {
        final String model;
        final String strategy;
        final List<Recording> recordings = new ArrayList<>();
        int correct;
        TextQuality.Repetition repetition = TextQuality.Repetition.NONE;
        long passes;
        long tokens;
        double seconds;

        Run(String model, String strategy) {
            this.model = model;
            this.strategy = strategy;
        }
    }

    private static Run decodeAll(LoadedModel m, String name, String strategy, List<Prompt> problems, int blockSize,
                                 int maxNewTokens, long seed, PrintStream progress) {
        Run run = new Run(name, strategy);
        int n = strategy.equals(DecodeSettings.AR) ? 1 : blockSize;
        // warm-up: the first decodes pay for JIT compilation and allocator growth
        m.decode(problems.get(0).text(), new DecodeSettings(strategy, n, seed, maxNewTokens, null),
                DecodeListener.NONE, new Cancellation());
        for (int i = 0; i < problems.size(); i++) {
            Prompt p = problems.get(i);
            Recording r = m.decode(p.text(), new DecodeSettings(strategy, n, seed + i, maxNewTokens, null),
                    DecodeListener.NONE, new Cancellation());
            run.recordings.add(r);
            if (p.hasAnswer() && Answers.sameFinal(r.outputText(), p.answer())) {
                run.correct++;
            }
            run.repetition = run.repetition.plus(TextQuality.repetition(
                    TextQuality.untilFirstEos(r.outputIds(), m.model().config()::isEos)));
            run.passes += r.forwardPasses();
            run.tokens += r.outputIds().length;
            run.seconds += r.elapsedNanos() / 1e9;
        }
        String accuracy = problems.stream().allMatch(Prompt::hasAnswer)
                ? String.format("accuracy %.1f%%, ", 100.0 * run.correct / problems.size()) : "";
        progress.printf("%-12s %-7s %d prompts: %s%.3f tokens/pass, repetition %.3f, %.1f s%n", name, strategy,
                problems.size(), accuracy, run.tokens / (double) run.passes, run.repetition.rate(), run.seconds);
        return run;
    }
}
