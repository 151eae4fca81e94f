package dev.jacobilens.engine.bench;

import dev.jacobilens.corpus.Answers;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.decode.LookaheadSettings;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    public static final List<String> METHODS = List.of(DecodeSettings.AR, DecodeSettings.JACOBI,
            DecodeSettings.LOOKAHEAD, DecodeSettings.SPECULATIVE);

    /** The rows, by key, in table order. */
    public static final List<String> ROWS = List.of("standard-ar", "standard-jacobi", "standard-lookahead",
            "standard-jacobi-pool", "speculative", "consistency-jacobi", "consistency-lookahead",
            "consistency-jacobi-pool");

    /**
     * What to run. A null draft leaves out speculative decoding; {@code rows} (keys of
     * {@link #ROWS}) narrows the table further, null for all rows the methods give.
     */
    public record Settings(Path standard, Path consistency, Path draft, Set<String> methods, Set<String> rows,
                           int blockSize, LookaheadSettings lookahead, int draftTokens, int maxNewTokens, long seed,
                           String device) {
        boolean wants(String method, String row) {
            return methods.contains(method) && (rows == null || rows.contains(row));
        }
    }

    /**
     * One row.
     *
     * @param acceptedDraft   draft tokens the target accepted (speculative only)
     * @param proposedDraft   draft tokens proposed (speculative only)
     */
    public record Row(String model, String method, String parameters, double accuracy, long targetPasses,
                      long draftPasses, long tokens, double seconds, long acceptedDraft, long proposedDraft,
                      List<Recording> recordings) {
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
            return rows.stream().filter(r -> r.model.equals("standard") && r.method.equals(DecodeSettings.AR))
                    .findFirst().orElse(null);
        }
    }

    private MethodBenchmark() {
    }

    public static Result run(Settings s, List<Problem> problems, PrintStream progress) {
        if (s.rows() != null && !ROWS.containsAll(s.rows())) {
            throw new EngineException("unknown row in " + s.rows() + " (rows: " + String.join(", ", ROWS) + ")");
        }
        for (String m : s.methods()) {
            if (!METHODS.contains(m)) {
                throw new EngineException("unknown method '" + m + "' (use " + String.join(", ", METHODS) + ")");
            }
        }
        List<Row> rows = new ArrayList<>();
        String deviceName = null;
        boolean standardRows = s.wants(DecodeSettings.AR, "standard-ar") || s.wants(DecodeSettings.JACOBI, "standard-jacobi")
                || s.wants(DecodeSettings.LOOKAHEAD, "standard-lookahead")
                || s.wants(DecodeSettings.LOOKAHEAD, "standard-jacobi-pool")
                || (s.draft() != null && s.wants(DecodeSettings.SPECULATIVE, "speculative"));
        if (standardRows) {
            try (LoadedModel standard = Models.load(s.standard(), s.device())) {
                deviceName = standard.device();
                if (s.wants(DecodeSettings.AR, "standard-ar")) {
                    rows.add(decodeAll(standard, null, "standard", settings(s, DecodeSettings.AR), problems, progress));
                }
                if (s.wants(DecodeSettings.JACOBI, "standard-jacobi")) {
                    rows.add(decodeAll(standard, null, "standard", settings(s, DecodeSettings.JACOBI), problems,
                            progress));
                }
                if (s.wants(DecodeSettings.LOOKAHEAD, "standard-lookahead")) {
                    rows.add(decodeAll(standard, null, "standard", settings(s, DecodeSettings.LOOKAHEAD), problems,
                            progress));
                }
                if (s.wants(DecodeSettings.LOOKAHEAD, "standard-jacobi-pool")
                        && s.methods().contains(DecodeSettings.JACOBI)) {
                    rows.add(decodeAll(standard, null, "standard", settings(s, DecodeSettings.JACOBI)
                            .with(LoadedModel.POOL_NGRAM, Integer.toString(s.lookahead().ngram())), problems, progress));
                }
                if (s.draft() != null && s.wants(DecodeSettings.SPECULATIVE, "speculative")) {
                    try (LoadedModel draft = Models.load(s.draft(), s.device())) {
                        rows.add(decodeAll(standard, draft, "draft + standard",
                                settings(s, DecodeSettings.SPECULATIVE), problems, progress));
                    }
                }
            }
        }
        boolean consistencyRows = s.wants(DecodeSettings.JACOBI, "consistency-jacobi")
                || s.wants(DecodeSettings.LOOKAHEAD, "consistency-lookahead")
                || s.wants(DecodeSettings.LOOKAHEAD, "consistency-jacobi-pool");
        if (s.consistency() != null && consistencyRows) {
            try (LoadedModel consistency = Models.load(s.consistency(), s.device())) {
                deviceName = consistency.device();
                if (s.wants(DecodeSettings.JACOBI, "consistency-jacobi")) {
                    rows.add(decodeAll(consistency, null, "consistency", settings(s, DecodeSettings.JACOBI), problems,
                            progress));
                }
                if (s.wants(DecodeSettings.LOOKAHEAD, "consistency-lookahead")) {
                    rows.add(decodeAll(consistency, null, "consistency", settings(s, DecodeSettings.LOOKAHEAD),
                            problems, progress));
                }
                // CLLM + lookahead's pool: Jacobi blocks whose guesses come from the n-gram pool
                if (s.wants(DecodeSettings.LOOKAHEAD, "consistency-jacobi-pool")
                        && s.methods().contains(DecodeSettings.JACOBI)) {
                    rows.add(decodeAll(consistency, null, "consistency", settings(s, DecodeSettings.JACOBI)
                            .with(LoadedModel.POOL_NGRAM, Integer.toString(s.lookahead().ngram())), problems, progress));
                }
            }
        }
        rows.removeIf(java.util.Objects::isNull); // rows a stop request cut short
        return new Result(deviceName, problems.size(), rows);
    }

    private static DecodeSettings settings(Settings s, String method) {
        switch (method) {
            case DecodeSettings.JACOBI:
                return new DecodeSettings(method, s.blockSize(), s.seed(), s.maxNewTokens(), null);
            case DecodeSettings.LOOKAHEAD:
                return new DecodeSettings(method, 1, s.seed(), s.maxNewTokens(), null,
                        LoadedModel.lookaheadParameters(s.lookahead()));
            case DecodeSettings.SPECULATIVE:
                return new DecodeSettings(method, 1, s.seed(), s.maxNewTokens(), null,
                        Map.of("draft_tokens", Integer.toString(s.draftTokens())));
            default:
                return new DecodeSettings(method, 1, s.seed(), s.maxNewTokens(), null);
        }
    }

    private static Recording decode(LoadedModel m, LoadedModel draft, String prompt, DecodeSettings settings) {
        return draft == null ? m.decode(prompt, settings, DecodeListener.NONE, new Cancellation())
                : m.decodeWithDraft(prompt, settings, draft, DecodeListener.NONE, new Cancellation());
    }

    private static Row decodeAll(LoadedModel m, LoadedModel draft, String name, DecodeSettings base,
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
            DecodeSettings settings = new DecodeSettings(base.strategy(), base.blockSize(), base.seed() + i,
                    base.maxNewTokens(), null, base.parameters());
            Recording r = decode(m, draft, p.question(), settings);
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
        String parameters = describe(recordings.isEmpty() ? base : recordings.get(0).settings());
        Row row = new Row(name, base.strategy(), parameters, correct / (double) problems.size(), passes, draftPasses,
                tokens, nanos / 1e9, acceptedDraft, proposedDraft, recordings);
        progress.printf("%-16s %-11s %d problems: accuracy %.1f%%, %.3f tokens/target pass, %.1f s%n", name,
                base.strategy(), problems.size(), 100 * row.accuracy(), row.tokensPerTargetPass(), row.seconds());
        return row;
    }

    /** The method's parameters for the table, e.g. "n=16" or "W=8 N=6 G=8". */
    private static String describe(DecodeSettings s) {
        Map<String, String> p = new HashMap<>(s.parameters());
        switch (s.strategy()) {
            case DecodeSettings.JACOBI:
                return "n=" + s.blockSize() + (p.containsKey(LoadedModel.POOL_NGRAM)
                        ? " +pool N=" + p.get(LoadedModel.POOL_NGRAM) : "");
            case DecodeSettings.LOOKAHEAD:
                return "W=" + p.get("window") + " N=" + p.get("ngram") + " G=" + p.get("guesses")
                        + ("true".equals(p.get("text_ngrams")) ? " +text" : "");
            case DecodeSettings.SPECULATIVE:
                return "k=" + p.get("draft_tokens") + ", draft model " + p.get("draft_model");
            default:
                return "";
        }
    }
}
