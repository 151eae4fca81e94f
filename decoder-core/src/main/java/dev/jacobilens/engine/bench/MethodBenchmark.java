package dev.jacobilens.engine.bench;

import dev.jacobilens.corpus.Answers;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.Lookahead;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The CLLM paper's Table 1 with every decoding method: for a standard/consistency pair (and a
 * draft model for speculative decoding) the rows standard AR, standard Jacobi, standard
 * lookahead, speculative (draft + standard), consistency Jacobi and consistency lookahead, each
 * over the same problems. Target passes and draft passes are counted apart; speedups are
 * against standard AR, per generated token, in target passes and in wall time (the draft's time
 * included, as it is part of the speculative decode).
 */
public final class MethodBenchmark {
    /** The rows, by key, in table order: "MODEL-METHOD", and the draft's model name for a method using one. */
    public static final List<String> ROWS = List.of("standard-ar", "standard-jacobi", "standard-lookahead",
            "standard-jacobi-pool", "standard-medusa", "standard-multiblock", "speculative", "consistency-jacobi",
            "consistency-lookahead", "consistency-jacobi-pool", "consistency-multiblock");

    /**
     * What to run. {@code methods} holds each method to run once, with its parameters; with both
     * Jacobi and lookahead, Jacobi also runs with lookahead's pool (n-grams of lookahead's N). A
     * null draft leaves out methods that use one; {@code rows} (keys of {@link #ROWS}) narrows the
     * table further, null for all rows the methods give. {@code heads}: the Medusa heads of the
     * standard model (null: {@code medusa_heads.safetensors} beside it).
     */
    public record Settings(Path standard, Path consistency, Path draft, Path heads, List<DecodeMethod> methods,
                           Set<String> rows, int maxNewTokens, long seed, String device) {
        public Settings {
            methods = List.copyOf(methods);
        }

        boolean wants(String row) {
            return rows == null || rows.contains(row);
        }

        /** Jacobi with lookahead's pool, when both methods run; null otherwise. */
        Jacobi pooledJacobi() {
            Jacobi jacobi = null;
            Lookahead lookahead = null;
            for (DecodeMethod m : methods) {
                if (m instanceof Jacobi j) {
                    jacobi = j;
                } else if (m instanceof Lookahead la) {
                    lookahead = la;
                }
            }
            return jacobi == null || lookahead == null ? null : new Jacobi(jacobi.blockSize(), lookahead.ngram());
        }
    }

    /**
     * One row.
     *
     * @param key             the row's key in {@link #ROWS}
     * @param parameters      the method's parameters in short, and the draft model's name
     * @param acceptedDraft   draft tokens the target accepted (speculative only)
     * @param proposedDraft   draft tokens proposed (speculative only)
     * @param addedParameters parameters the method adds to the model (the paper's "size"): the
     *                        draft model's, the Medusa heads'; 0 for none
     */
    public record Row(String key, String model, DecodeMethod method, String parameters, double accuracy,
                      long targetPasses, long draftPasses, long tokens, double seconds, long acceptedDraft,
                      long proposedDraft, long addedParameters, List<Recording> recordings) {
        public double tokensPerTargetPass() {
            return targetPasses == 0 ? 0 : tokens / (double) targetPasses;
        }

        public double tokensPerSecond() {
            return seconds == 0 ? 0 : tokens / seconds;
        }

        /** Accepted over proposed draft tokens; NaN without a draft. */
        public double draftAcceptance() {
            return proposedDraft == 0 ? Double.NaN : acceptedDraft / (double) proposedDraft;
        }

        /** The row's place in {@link #ROWS} (unknown keys last). */
        public int order() {
            int i = ROWS.indexOf(key);
            return i < 0 ? ROWS.size() : i;
        }
    }

    public record Result(String device, int problems, List<Row> rows) {
        /** Standard AR's target passes per token over this row's: the speedup in passes. */
        public double speedupPasses(Row r) {
            Row ar = reference();
            return ar == null || r.tokens == 0 ? Double.NaN
                    : (ar.targetPasses / (double) ar.tokens) / (r.targetPasses / (double) r.tokens);
        }

        public double speedupWall(Row r) {
            Row ar = reference();
            return ar == null || r.tokens == 0 ? Double.NaN : r.tokensPerSecond() / ar.tokensPerSecond();
        }

        private Row reference() {
            return rows.stream().filter(r -> r.model.equals("standard") && r.method instanceof Autoregressive)
                    .findFirst().orElse(null);
        }
    }

    private MethodBenchmark() {
    }

    /** A model's row for a method (the pool rows add "-pool"); a draft-using method's row is the method's id. */
    public static String key(String model, DecodeMethod m) {
        return m.usesDraftModel() ? m.id() : model + "-" + m.id();
    }

    public static Result run(Settings s, List<Problem> problems, PrintStream progress) {
        if (s.rows() != null && !ROWS.containsAll(s.rows())) {
            throw new EngineException("unknown row in " + s.rows() + " (rows: " + String.join(", ", ROWS) + ")");
        }
        List<Row> rows = new ArrayList<>();
        String deviceName = null;
        Jacobi pooled = s.pooledJacobi();
        boolean standardRows = s.methods().stream().anyMatch(m -> s.wants(key("standard", m))
                && (!m.usesDraftModel() || s.draft() != null)) || (pooled != null && s.wants("standard-jacobi-pool"));
        if (standardRows) {
            try (LoadedModel standard = Models.load(s.standard(), s.device())) {
                deviceName = standard.device();
                if (s.heads() != null && s.methods().stream().anyMatch(DecodeMethod::usesHeads)) {
                    standard.useMedusaHeads(s.heads());
                }
                for (DecodeMethod m : s.methods()) {
                    if (!s.wants(key("standard", m))) {
                        continue;
                    }
                    if (!m.usesDraftModel()) {
                        rows.add(decodeAll(standard, null, key("standard", m), "standard", settings(s, m), problems,
                                progress));
                    } else if (s.draft() != null) {
                        try (LoadedModel draft = Models.load(s.draft(), s.device())) {
                            rows.add(decodeAll(standard, draft, key("standard", m), "draft + standard",
                                    settings(s, m), problems, progress));
                        }
                    }
                }
                if (pooled != null && s.wants("standard-jacobi-pool")) {
                    rows.add(decodeAll(standard, null, "standard-jacobi-pool", "standard", settings(s, pooled),
                            problems, progress));
                }
            }
        }
        // the consistency model runs the methods that iterate or verify guesses (AR gains nothing;
        // the Medusa heads are the standard model's)
        List<DecodeMethod> consistencyMethods = s.methods().stream()
                .filter(m -> !(m instanceof Autoregressive) && !m.usesDraftModel() && !m.usesHeads()
                        && s.wants("consistency-" + m.id())).toList();
        boolean poolRow = pooled != null && s.wants("consistency-jacobi-pool");
        if (s.consistency() != null && (!consistencyMethods.isEmpty() || poolRow)) {
            try (LoadedModel consistency = Models.load(s.consistency(), s.device())) {
                deviceName = consistency.device();
                for (DecodeMethod m : consistencyMethods) {
                    rows.add(decodeAll(consistency, null, "consistency-" + m.id(), "consistency", settings(s, m),
                            problems, progress));
                }
                // CLLM + lookahead's pool: Jacobi blocks whose guesses come from the n-gram pool
                if (poolRow) {
                    rows.add(decodeAll(consistency, null, "consistency-jacobi-pool", "consistency",
                            settings(s, pooled), problems, progress));
                }
            }
        }
        rows.removeIf(java.util.Objects::isNull); // rows a stop request cut short
        rows.sort(Comparator.comparingInt(Row::order));
        return new Result(deviceName, problems.size(), rows);
    }

    private static DecodeSettings settings(Settings s, DecodeMethod method) {
        return new DecodeSettings(method, s.seed(), s.maxNewTokens(), null);
    }

    private static Recording decode(LoadedModel m, LoadedModel draft, String prompt, DecodeSettings settings) {
        return m.decode(prompt, settings, draft, DecodeListener.NONE, new Cancellation());
    }

    private static Row decodeAll(LoadedModel m, LoadedModel draft, String key, String name, DecodeSettings base,
                                 List<Problem> problems, PrintStream progress) {
        if (dev.jacobilens.engine.StopRequest.isRequested()) {
            return null;
        }
        // warm-up: the first decodes pay for JIT compilation and allocator growth
        for (int i = 0; i < Math.min(3, problems.size()); i++) {
            decode(m, draft, problems.get(i).question(), base);
        }
        List<Recording> recordings = new ArrayList<>();
        int correct = 0;
        long passes = 0;
        long draftPasses = 0;
        long tokens = 0;
        long nanos = 0;
        long acceptedDraft = 0;
        long proposedDraft = 0;
        for (int i = 0; i < problems.size() && !dev.jacobilens.engine.StopRequest.isRequested(); i++) {
            Problem p = problems.get(i);
            Recording r = decode(m, draft, p.question(), base.withSeed(base.seed() + i));
            if (dev.jacobilens.engine.StopRequest.isRequested()) {
                return null; // this decode may have been cut short: the row is incomplete
            }
            recordings.add(r);
            correct += Answers.sameFinal(r.outputText(), p.answer()) ? 1 : 0;
            passes += r.forwardPasses();
            tokens += dev.jacobilens.store.Metrics.outputTokens(r);
            nanos += r.elapsedNanos();
            if (draft != null) {
                draftPasses += r.settings().draftPasses();
                proposedDraft += r.settings().draftPasses() - 1;
                for (BlockTrajectory b : r.blocks()) {
                    acceptedDraft += b.size() - 1;
                }
            }
        }
        if (dev.jacobilens.engine.StopRequest.isRequested()) {
            return null; // cut short: a row over fewer problems would be a wrong figure
        }
        String parameters = base.method().parameterText()
                + (draft == null ? "" : ", draft model " + draft.info().name())
                + (base.method().usesHeads() ? ", heads " + m.medusaHeads().file().getFileName() : "");
        long added = draft != null ? parameterCount(draft)
                : base.method().usesHeads() ? m.medusaHeads().heads().parameterCount() : 0;
        Row row = new Row(key, name, base.method(), parameters, correct / (double) problems.size(), passes,
                draftPasses, tokens, nanos / 1e9, acceptedDraft, proposedDraft, added, recordings);
        progress.printf("%-16s %-11s %d problems: accuracy %.1f%%, %.3f tokens/target pass, %.1f s%n", name,
                base.method().id(), problems.size(), 100 * row.accuracy(), row.tokensPerTargetPass(), row.seconds());
        return row;
    }

    /** Every weight of a model, each array once (a tied LM head is the embedding). */
    private static long parameterCount(LoadedModel m) {
        return m.model().parameters().all().stream().mapToLong(a -> a.getShape().size()).sum();
    }
}
