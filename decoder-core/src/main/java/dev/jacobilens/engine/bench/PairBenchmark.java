package dev.jacobilens.engine.bench;

import dev.jacobilens.corpus.Answers;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.ModelHandle;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.store.TextQuality;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    public record Row(String model, DecodeMethod method, double accuracy, long forwardPasses, long tokens,
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

    /** Opens a model directory on a device; {@link Models#load(Path, String)} outside tests. */
    @FunctionalInterface
    public interface ModelOpener {
        ModelHandle open(Path dir, String device);
    }

    private PairBenchmark() {
    }

    public static Result run(Path standardDir, Path consistencyDir, List<Prompt> problems, int blockSize,
                             int maxNewTokens, long seed, String device, PrintStream progress) {
        return run(Models::load, standardDir, consistencyDir, problems, blockSize, maxNewTokens, seed, device,
                progress);
    }

    /**
     * The table with one more row: the consistency model decoding with {@code extra} (multi-block
     * Jacobi, say), scored like the others; null for the four rows alone.
     */
    public static Result run(Path standardDir, Path consistencyDir, List<Prompt> problems, int blockSize,
                             int maxNewTokens, long seed, String device, DecodeMethod extra, PrintStream progress) {
        return run(Models::load, standardDir, consistencyDir, problems, blockSize, maxNewTokens, seed, device, extra,
                progress);
    }

    /**
     * As {@link #run(Path, Path, List, int, int, long, String, PrintStream)} with the given way of
     * opening models. {@code progress} gets a line per problem and one per model and strategy.
     */
    public static Result run(ModelOpener opener, Path standardDir, Path consistencyDir, List<Prompt> problems,
                             int blockSize, int maxNewTokens, long seed, String device, PrintStream progress) {
        return run(opener, standardDir, consistencyDir, problems, blockSize, maxNewTokens, seed, device, null,
                progress);
    }

    /** As above with the consistency model's {@code extra} method as a fifth row (null: none). */
    public static Result run(ModelOpener opener, Path standardDir, Path consistencyDir, List<Prompt> problems,
                             int blockSize, int maxNewTokens, long seed, String device, DecodeMethod extra,
                             PrintStream progress) {
        List<Run> runs = new ArrayList<>();
        String deviceName;
        try (ModelHandle standard = opener.open(standardDir, device)) {
            deviceName = standard.device();
            warmUp(standard, "standard", problems.get(0), blockSize, maxNewTokens, seed, progress);
            runs.add(decodeAll(standard, "standard", Autoregressive.INSTANCE, problems, maxNewTokens, seed, progress));
            runs.add(decodeAll(standard, "standard", Jacobi.of(blockSize), problems, maxNewTokens, seed, progress));
        }
        List<TextQuality.LogLikelihood> likelihoods = new ArrayList<>();
        if (!StopRequest.isRequested()) {
            try (ModelHandle consistency = opener.open(consistencyDir, device)) {
                warmUp(consistency, "consistency", problems.get(0), blockSize, maxNewTokens, seed, progress);
                runs.add(decodeAll(consistency, "consistency", Autoregressive.INSTANCE, problems, maxNewTokens, seed,
                        progress));
                runs.add(decodeAll(consistency, "consistency", Jacobi.of(blockSize), problems, maxNewTokens, seed,
                        progress));
                if (extra != null && !StopRequest.isRequested()) {
                    runs.add(decodeAll(consistency, "consistency", extra, problems, maxNewTokens, seed, progress));
                }
            }
        }
        // After a stop request only the runs that decoded every problem are kept: a row over fewer
        // problems would be a wrong figure, and so would every speedup without the AR reference.
        runs.removeIf(r -> r.recordings.size() != problems.size());
        if (runs.isEmpty() || !(runs.get(0).model.equals("standard") && runs.get(0).method instanceof Autoregressive)) {
            return new Result(deviceName, problems.size(), blockSize, List.of(), List.of());
        }
        boolean answered = problems.stream().allMatch(Prompt::hasAnswer);
        // The standard model scores every run's text; a handle that is not the engine's own
        // (a test's fake) has no log-probabilities, so its perplexity stays unknown. After a stop
        // nothing more is run: the perplexity is left unknown too.
        if (StopRequest.isRequested()) {
            runs.forEach(r -> likelihoods.add(TextQuality.LogLikelihood.NONE));
        } else {
            try (ModelHandle scorer = opener.open(standardDir, device)) {
                for (Run r : runs) {
                    likelihoods.add(scorer instanceof LoadedModel loaded ? score(loaded, r) : TextQuality.LogLikelihood.NONE);
                }
            }
        }
        Run reference = runs.get(0);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            double tpf = r.tokens / (double) r.passes;
            double tps = r.tokens / r.seconds;
            rows.add(new Row(r.model, r.method, answered ? r.correct / (double) problems.size() : Double.NaN,
                    r.passes, r.tokens, r.seconds, tpf / (reference.tokens / (double) reference.passes),
                    tps / (reference.tokens / reference.seconds), likelihoods.get(k).perplexity(),
                    r.repetition.rate()));
        }
        List<Comparison> comparisons = new ArrayList<>();
        // the two Jacobi decodes side by side (an extra row does not change them)
        for (int i = 0; runs.size() >= 4 && i < problems.size(); i++) {
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
            int[] text = textIds(r);
            total = total.plus(Perplexity.score(scorer.model(), r.promptIds(), text));
        }
        return total;
    }

    /** A run's text: its output up to, not including, the EOS that ends it (Metrics' output less the EOS). */
    static int[] textIds(Recording r) {
        int[] out = r.outputIds();
        return r.stopReason() == StopReason.EOS && out.length > 0 ? java.util.Arrays.copyOf(out, out.length - 1) : out;
    }

    private static ArTiming timing(Recording ar) {
        return new ArTiming(ar.forwardPasses(), Metrics.outputTokens(ar), ar.elapsedNanos(), ar.settings().device());
    }

    private static final class Run {
        final String model;
        final DecodeMethod method;
        final List<Recording> recordings = new ArrayList<>();
        int correct;
        TextQuality.Repetition repetition = TextQuality.Repetition.NONE;
        long passes;
        long tokens;
        double seconds;

        Run(String model, DecodeMethod method) {
            this.model = model;
            this.method = method;
        }
    }

    /**
     * Untimed, discarded decodes of the first problem with each strategy, on the model's device,
     * before anything is timed: the first decodes pay for JIT compilation, native kernel
     * selection and allocator growth (they made the first AR row 1.5x slower than an identical
     * one). A few blocks' worth of tokens is enough to exercise every shape a pass takes.
     */
    static void warmUp(ModelHandle m, String name, Prompt problem, int blockSize, int maxNewTokens, long seed,
                       PrintStream progress) {
        progress.println(name + ": warming up on " + m.device() + " (untimed)");
        int tokens = Math.min(maxNewTokens, Math.max(2 * blockSize, 8));
        for (DecodeMethod method : List.of(Autoregressive.INSTANCE, Jacobi.of(blockSize))) {
            m.decode(problem.text(), new DecodeSettings(method, seed, tokens, null), DecodeListener.NONE,
                    new Cancellation());
        }
    }

    private static Run decodeAll(ModelHandle m, String name, DecodeMethod method, List<Prompt> problems,
                                 int maxNewTokens, long seed, PrintStream progress) {
        Run run = new Run(name, method);
        for (int i = 0; i < problems.size() && !dev.jacobilens.engine.StopRequest.isRequested(); i++) {
            Prompt p = problems.get(i);
            Recording r = m.decode(p.text(), new DecodeSettings(method, seed + i, maxNewTokens, null),
                    DecodeListener.NONE, new Cancellation());
            if (StopRequest.isRequested()) {
                break; // this decode may have been cut short: it is not counted
            }
            run.recordings.add(r);
            if (p.hasAnswer() && Answers.sameFinal(r.outputText(), p.answer())) {
                run.correct++;
            }
            run.repetition = run.repetition.plus(TextQuality.repetition(textIds(r)));
            run.passes += r.forwardPasses();
            run.tokens += Metrics.outputTokens(r);
            run.seconds += r.elapsedNanos() / 1e9;
            progress.printf(Locale.ROOT, "%-12s %-7s problem %d/%d: %d passes, %d tokens, %.3f s%n", name, method.id(),
                    i + 1, problems.size(), r.forwardPasses(), Metrics.outputTokens(r), r.elapsedNanos() / 1e9);
        }
        if (dev.jacobilens.engine.StopRequest.isRequested()) {
            return run; // cut short: no figures to print
        }
        String accuracy = problems.stream().allMatch(Prompt::hasAnswer)
                ? String.format(Locale.ROOT, "accuracy %.1f%%, ", 100.0 * run.correct / problems.size()) : "";
        progress.printf(Locale.ROOT, "%-12s %-7s %d prompts: %s%.3f tokens/pass, repetition %.3f, %.1f s%n", name,
                method.id(), problems.size(), accuracy, run.tokens / (double) run.passes, run.repetition.rate(), run.seconds);
        return run;
    }
}
