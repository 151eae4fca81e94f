package dev.jacobilens.app.cli;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;
import dev.jacobilens.engine.bench.ForwardBenchmark;
import dev.jacobilens.engine.bench.LoopBenchmark;
import dev.jacobilens.engine.decode.PassProfile;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.Recording;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code bench-forward}: wall time of one forward pass over 1–64 new tokens on a cached prefix,
 * then AR against Jacobi tokens per second on a prompt.
 */
final class BenchForwardCommand implements Command {
    /** New tokens per timed pass: AR decoding is 1, Jacobi blocks are typically 8 to 64. */
    static final int[] TOKEN_COUNTS = {1, 2, 4, 8, 16, 32, 64};
    static final String USAGE = "usage: jacobi-lens bench-forward --model DIR [--device auto|cpu|gpu|all]"
            + " [--prefix N] [--repeats N] [--prompt TEXT] [--block-size N] [--max-new-tokens N] [--soak N]\n"
            + "  --device all: the per-pass table on the CPU and on every GPU, then decoding on the last\n"
            + "  --soak N: then run N more Jacobi decodes and report the process's resident memory before and after\n"
            + "usage: jacobi-lens bench-forward --model DIR --loop [--methods ar,jacobi,lookahead,medusa] [--prompts FILE]\n"
            + "       [--limit N] [--block-size N] [--max-new-tokens N] [--warm-up N] [--profile] [--device D]\n"
            + "  --loop: per method, the decode loop's mean time per pass beside a bare forward's over the same\n"
            + "  new tokens and cache lengths, decodes and bare forwards interleaved; --profile adds each loop's\n"
            + "  phases per pass (forward ops, argmax, host copy, closing arrays, cache updates, bookkeeping)";

    @Override
    public String name() {
        return "bench-forward";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "time forward passes over 1..64 tokens, and AR vs Jacobi tokens/s";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = new Args(argv, Set.of("model", "device", "prefix", "repeats", "prompt", "block-size",
                "max-new-tokens", "soak", "methods", "prompts", "limit", "warm-up"), Set.of("help", "loop", "profile"));
        if (args.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path dir = Path.of(args.required("model"));
        if (args.flag("loop")) {
            return loop(args, dir, out);
        }
        int prefix = args.integer("prefix", 32, 1);
        int repeats = args.integer("repeats", 50, 3);
        String device = args.string("device", "auto");
        List<String> devices = device.equals("all") ? Models.availableDevices() : List.of(device);
        for (int i = 0; i < devices.size() - 1; i++) { // every device but the last: per-pass table only
            try (LoadedModel model = Models.load(dir, devices.get(i))) {
                passTable(model, prefix, repeats, out);
                out.println();
            }
        }
        try (LoadedModel model = Models.load(dir, devices.get(devices.size() - 1))) {
            passTable(model, prefix, repeats, out);
            String prompt = args.string("prompt", null);
            if (prompt == null) {
                prompt = defaultPrompt(model);
            }
            int maxNew = args.integer("max-new-tokens", 64, 1);
            int n = args.integer("block-size", 16, 1);
            out.printf("%ndecoding %d new tokens of: %s%n", maxNew, prompt);
            out.printf("%-10s %8s %8s %10s %12s %12s%n", "method", "tokens", "passes", "tok/pass", "elapsed_ms", "tokens/s");
            for (DecodeSettings s : List.of(new DecodeSettings(Autoregressive.INSTANCE, 0, maxNew, ""),
                    new DecodeSettings(Jacobi.of(n), 0, maxNew, ""))) {
                model.decode(prompt, s, DecodeListener.NONE, new Cancellation()); // warm-up
                Recording r = model.decode(prompt, s, DecodeListener.NONE, new Cancellation());
                double ms = r.elapsedNanos() / 1e6;
                out.printf("%-10s %8d %8d %10.2f %12.1f %12.1f%n", s.method().id()
                                + (s.method() instanceof Jacobi ? "/" + n : ""),
                        r.outputIds().length, r.forwardPasses(), r.outputIds().length / (double) r.forwardPasses(),
                        ms, r.outputIds().length / (ms / 1e3));
            }
            int soak = args.integer("soak", 0, 0);
            if (soak > 0) {
                soak(model, prompt, n, maxNew, soak, out);
            }
            return 0;
        }
    }

    /** {@code --loop}: the decode loops against bare forwards of the same passes ({@link LoopBenchmark}). */
    private int loop(Args args, Path dir, PrintStream out) {
        int n = args.integer("block-size", 16, 1);
        List<DecodeMethod> methods = new java.util.ArrayList<>();
        for (String id : args.string("methods", "ar,jacobi,lookahead,medusa").split(",")) {
            if (id.isBlank()) {
                continue;
            }
            DecodeMethod m;
            try {
                m = DecodeMethod.byId(id.trim());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--methods: " + e.getMessage());
            }
            if (m.usesDraftModel()) {
                throw new Args.UsageException("--methods: " + m.id() + " needs a draft model; --loop times one model");
            }
            methods.add(m instanceof Jacobi ? Jacobi.of(n) : m);
        }
        List<String> prompts;
        String file = args.string("prompts", null);
        try {
            prompts = file == null ? null : PromptFiles.read(Path.of(file)).stream().map(Prompt::text).toList();
        } catch (java.io.IOException e) {
            throw new Args.UsageException("--prompts: cannot read " + file + ": " + e.getMessage());
        }
        int maxNew = args.integer("max-new-tokens", 256, 1);
        int warmUp = args.integer("warm-up", 3, 0);
        try (LoadedModel model = Models.load(dir, args.string("device", "auto"))) {
            if (prompts == null) {
                prompts = List.of(args.string("prompt", defaultPrompt(model)));
            }
            prompts = prompts.subList(0, Math.min(prompts.size(), args.integer("limit", 20, 1)));
            if (prompts.isEmpty()) {
                throw new Args.UsageException("--prompts: " + file + " holds no prompts");
            }
            if (methods.stream().anyMatch(DecodeMethod::usesHeads)
                    && !java.nio.file.Files.isRegularFile(dir.resolve(MedusaHeadsFile.DEFAULT_NAME))) {
                out.println("no Medusa heads beside " + dir + ": medusa left out");
                methods.removeIf(DecodeMethod::usesHeads);
            }
            String load = loadAverage();
            out.printf("decode loop against bare forwards of the same passes: model %s on %s (%s), %d prompts,"
                            + " up to %d new tokens, load %s%n", model.info().name(), model.device(),
                    model.model().dtype(), prompts.size(), maxNew, load);
            List<LoopBenchmark.Row> rows = LoopBenchmark.run(model, methods, prompts, maxNew, 0, warmUp);
            out.printf("%-12s %7s %8s %9s %9s %13s %13s %9s %9s%n", "method", "passes", "tok/pass", "new/pass",
                    "cache", "loop_us/pass", "fwd_us/pass", "overhead", "median");
            for (LoopBenchmark.Row r : rows) {
                out.printf("%-12s %7d %8.2f %9.1f %9.1f %13.1f %13.1f %8.1f%% %8.1f%%%n", label(r.method()),
                        r.passes(), r.outputTokens() / (double) (r.passes() + r.decodes()),
                        r.newTokens() / (double) r.passes(), r.cacheLength() / (double) r.passes(),
                        r.timing().loopMicrosPerPass(), r.timing().forwardMicrosPerPass(),
                        100 * r.timing().overhead(), 100 * r.medianOverhead());
            }
            out.println("  passes: timed decodes' passes after the prompt pass; tok/pass: output tokens per pass, prompt"
                    + " pass included; new/pass, cache: mean new tokens and cache length of a pass; overhead: loop"
                    + " time per pass over the bare forward's, minus 1 (median: of the decodes' own); load " + load
                    + " at the start, " + loadAverage() + " at the end");
            if (args.flag("profile")) {
                for (LoopBenchmark.Row r : rows) {
                    out.printf("%nprofile %s: us per pass (loop %.1f, bare forward %.1f)%n", label(r.method()),
                            r.timing().loopMicrosPerPass(), r.timing().forwardMicrosPerPass());
                    for (PassProfile.Phase phase : PassProfile.Phase.values()) {
                        double us = r.phaseMicrosPerPass(phase);
                        if (us > 0) {
                            out.printf("  %-30s %9.1f%n", phase.label, us);
                        }
                    }
                    out.printf("  %-30s %9.1f%n", "bookkeeping (the rest)", r.bookkeepingMicrosPerPass());
                    out.printf("  %-30s %9.1f%n", "NDArrays created per pass", r.arraysPerPass());
                }
            }
            return 0;
        }
    }

    private static String label(DecodeMethod m) {
        return m.id() + (m instanceof Jacobi j ? "/" + j.blockSize() : "");
    }

    /** The 1-minute load average, as uptime prints it. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Median and fastest wall time of one forward pass over each count of new tokens. */
    private static void passTable(LoadedModel model, int prefix, int repeats, PrintStream out) {
        out.printf("model %s on %s (%s), prefix %d tokens, median of %d passes%n",
                model.info().name(), model.device(), model.model().dtype(), prefix, repeats);
        out.printf("%8s %12s %12s %14s %10s%n", "tokens", "median_us", "min_us", "us_per_token", "GFLOP/s");
        for (ForwardBenchmark.Result r : ForwardBenchmark.run(model.model(), prefix, TOKEN_COUNTS, repeats, 42)) {
            out.printf("%8d %12.1f %12.1f %14.2f %10.2f%n", r.tokens(), r.medianMicros(), r.minMicros(),
                    r.microsPerToken(), r.gflops());
        }
    }

    /**
     * Native memory must not grow with the number of decodes: every pass runs in its own scope
     * and the cache is freed with its decode. Resident memory is read from /proc.
     */
    private static void soak(LoadedModel model, String prompt, int n, int maxNew, int decodes, PrintStream out) {
        out.printf("%nsoak: %d Jacobi decodes of %d tokens%n", decodes, maxNew);
        long before = residentKb();
        for (int i = 1; i <= decodes && !dev.jacobilens.engine.StopRequest.isRequested(); i++) {
            model.decode(prompt, new DecodeSettings(Jacobi.of(n), i, maxNew, ""), DecodeListener.NONE, new Cancellation());
            if (i % Math.max(1, decodes / 4) == 0) {
                out.printf("  after %6d decodes: resident memory %,d kB%n", i, residentKb());
            }
        }
        out.printf("resident memory before %,d kB, after %,d kB%n", before, residentKb());
    }

    private static long residentKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** A few words from the vocabulary, so any checkpoint can be benchmarked without a prompt. */
    private static String defaultPrompt(LoadedModel model) {
        StringBuilder sb = new StringBuilder();
        for (int id = 4; id < Math.min(model.tokenizer().vocabularySize(), 24); id++) {
            sb.append(model.tokenString(id).trim()).append(' ');
        }
        return sb.toString().trim();
    }
}
