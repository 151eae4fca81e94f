package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.ModelChecks;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.bench.MethodBenchmark;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.Lookahead;
import dev.jacobilens.store.method.MultiBlock;
import dev.jacobilens.store.method.Speculative;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench --methods ...}: every decoding method on a pair, one table (see {@link MethodBenchmark}).
 * Everything that can be wrong with the options, the models, {@code --append} and {@code --out}
 * is checked before the first decode, so no measured row is ever thrown away by a late check.
 */
final class MethodBenchRun {
    /** Options that choose what is measured: meaningless with --from, which measures nothing. */
    static final List<String> MEASURING = measuring();
    private static final List<String> FILES = List.of("methods.md", "methods.csv");

    private MethodBenchRun() {
    }

    private static List<String> measuring() {
        Set<String> options = new LinkedHashSet<>(List.of("standard", "consistency", "limit", "max-new-tokens", "seed",
                "device", "methods", "rows"));
        options.addAll(MethodOptions.valued()); // every method's parameters, the draft and the heads
        options.addAll(MethodOptions.flags());
        return List.copyOf(options);
    }

    /** {@code --from SAVED.json}: prints (and with --out writes) a table measured earlier, without decoding. */
    static int fromSaved(Args a, Path prompts, PrintStream out, PrintStream progress) throws Exception {
        for (String option : MEASURING) {
            if (a.flag(option)) {
                throw new Args.UsageException("--from prints a table measured earlier; --" + option + " would change"
                        + " what is measured and is ignored there: leave it out, or measure again without --from");
            }
        }
        MethodBenchmark.Result earlier = a.string("append", null) == null ? null
                : MethodTable.read(a.path("append", null), "--append");
        MethodBenchmark.Result r = MethodTable.read(a.path("from", null), "--from");
        if (earlier != null) {
            r = MethodTable.merge(earlier, r, progress);
        }
        try (BenchOutput output = BenchOutput.claim(a.string("out", null), FILES)) {
            return report(a, r, prompts, List.of(), output, false, out, progress);
        }
    }

    static int run(Args a, Path prompts, List<Problem> problems, PrintStream out, PrintStream progress)
            throws Exception {
        String list = a.string("methods", DecodeMethod.ids(","));
        if (list.replace(",", "").isBlank()) {
            throw new Args.UsageException("--methods names no method (use some of " + DecodeMethod.ids(",") + ")");
        }
        List<DecodeMethod> methods = new ArrayList<>(MethodOptions.configure(a, methods(list)));
        Path standard = a.path("standard", Home.standardModel());
        Path consistency = a.path("consistency", Home.consistencyModel());
        ModelChecks.requireModelFolder("--standard", standard);
        ModelChecks.requireModelFolder("--consistency", consistency);
        ModelChecks.requireSameTokenizer("--consistency", consistency, "--standard", standard);
        Path draft = a.path(MethodOptions.DRAFT, Home.draftModel());
        if (a.string(MethodOptions.DRAFT, null) != null) {
            ModelChecks.requireModelFolder("--draft", draft);
        } else if (!Files.isDirectory(draft)) {
            for (DecodeMethod m : methods) {
                if (m.usesDraftModel()) {
                    progress.println("no draft model at " + draft + ": " + m.label().toLowerCase()
                            + " decoding left out");
                }
            }
            methods.removeIf(DecodeMethod::usesDraftModel);
            draft = null;
        }
        if (draft != null && methods.stream().anyMatch(DecodeMethod::usesDraftModel)) {
            ModelChecks.requireSameTokenizer("--draft", draft, "--standard", standard);
        }
        Path heads = a.path(MethodOptions.HEADS, standard.resolve(MedusaHeadsFile.DEFAULT_NAME));
        if (!Files.isRegularFile(heads) && methods.stream().anyMatch(DecodeMethod::usesHeads)) {
            if (a.string(MethodOptions.HEADS, null) != null) {
                throw new Args.UsageException("--heads: " + heads + " is not a file");
            }
            progress.println("no Medusa heads at " + heads + ": medusa decoding left out");
            methods.removeIf(DecodeMethod::usesHeads);
        }
        Set<String> rows = null;
        if (a.string("rows", null) != null) {
            rows = new LinkedHashSet<>();
            for (String row : a.string("rows", null).split(",")) {
                if (!row.isBlank()) {
                    rows.add(row.trim());
                }
            }
            if (rows.isEmpty() || !MethodBenchmark.ROWS.containsAll(rows)) {
                throw new Args.UsageException("--rows: use some of " + String.join(",", MethodBenchmark.ROWS));
            }
        }
        for (DecodeMethod m : methods) {
            if (m instanceof Jacobi j) {
                ModelChecks.requireFitsContext("--block-size", j.blockSize(), "--standard", standard);
                ModelChecks.requireFitsContext("--block-size", j.blockSize(), "--consistency", consistency);
            } else if (m instanceof MultiBlock mb) {
                for (Map.Entry<String, Path> model : Map.of("--standard", standard, "--consistency", consistency)
                        .entrySet()) {
                    requireFlightFits(mb, model.getKey(), model.getValue());
                }
            } else if (m instanceof Speculative sp && draft != null) {
                ModelChecks.requireFitsContext("--draft-tokens", sp.draftTokens(), "--draft", draft);
                ModelChecks.requireFitsContext("--draft-tokens", sp.draftTokens(), "--standard", standard);
            }
        }
        MethodBenchmark.Settings s = new MethodBenchmark.Settings(standard, consistency, draft, heads, methods, rows,
                a.integer("max-new-tokens", 256, 1), a.longValue("seed", 0), a.string("device", "auto"));
        // read before measuring: a bad --append file must not cost the rows measured
        MethodBenchmark.Result earlier = a.string("append", null) == null ? null
                : MethodTable.read(a.path("append", null), "--append");
        if (earlier != null && earlier.problems() != problems.size()) {
            throw new Args.UsageException("--append: " + a.path("append", null) + " covers " + earlier.problems()
                    + " problems, this run " + problems.size());
        }
        try (BenchOutput output = BenchOutput.claim(a.string("out", null), FILES)) {
            MethodBenchmark.Result r = MethodBenchmark.run(s, problems, progress);
            if (StopRequest.isRequested()) {
                progress.println("stopped: keeping the " + r.rows().size() + " rows measured in full");
            }
            if (earlier != null) {
                r = MethodTable.merge(earlier, r, progress);
            }
            return report(a, r, prompts, problems, output, true, out, progress);
        }
    }

    /** Multi-block's K blocks of n tokens must fit the model's context, as Jacobi's one block must. */
    static void requireFlightFits(MultiBlock mb, String modelOption, Path dir) {
        ModelChecks.requireFitsContext("--block-size", mb.blockSize(), modelOption, dir);
        int max = ModelChecks.maxPositions(dir);
        if (mb.tokensInFlight() > max) {
            throw new Args.UsageException("--blocks " + mb.blocks() + " of --block-size " + mb.blockSize() + " need "
                    + mb.tokensInFlight() + " positions in flight, but " + modelOption + " " + dir + " has a context of "
                    + max + " positions (max_position_embeddings): use fewer or smaller blocks");
        }
    }

    private static int report(Args a, MethodBenchmark.Result r, Path prompts, List<Problem> problems,
                              BenchOutput output, boolean measured, PrintStream out, PrintStream progress)
            throws Exception {
        String markdown = MethodTable.markdown(r, prompts);
        BenchCommand.printTable(out, a.flag("json"), MethodTable.json(r), markdown);
        if (output == null) {
            return 0;
        }
        // per problem, the standard and the consistency model's lookahead decodes side by side;
        // rows read back with --append or --from have no recordings
        List<MethodBenchmark.Row> lookaheads = r.rows().stream()
                .filter(row -> row.method() instanceof Lookahead && !row.recordings().isEmpty())
                .toList();
        Map<String, Comparison> recordings = new LinkedHashMap<>();
        if (lookaheads.size() == 2) {
            for (int i = 0; i < problems.size(); i++) {
                recordings.put(String.format("lookahead-%03d.json.gz", i), new Comparison(problems.get(i).question(),
                        lookaheads.get(0).recordings().get(i), lookaheads.get(1).recordings().get(i), null, null));
            }
        }
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(FILES.get(0), markdown);
        tables.put(FILES.get(1), MethodTable.csv(r));
        output.write(tables, recordings, measured);
        progress.println("wrote " + output.dir().resolve(FILES.get(0)) + " and methods.csv"
                + (recordings.isEmpty() ? "" : " and " + recordings.size() + " lookahead comparison recordings"));
        return 0;
    }

    /**
     * The methods {@code --methods} lists, at their defaults, each known and named once, in the order given.
     *
     * @throws Args.UsageException an unknown or repeated method
     */
    static List<DecodeMethod> methods(String list) {
        List<DecodeMethod> methods = new ArrayList<>();
        for (String id : list.split(",")) {
            DecodeMethod m;
            try {
                m = DecodeMethod.byId(id.trim());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--methods: " + e.getMessage());
            }
            if (methods.contains(m)) {
                throw new Args.UsageException("--methods names " + m.id() + " twice");
            }
            methods.add(m);
        }
        return methods;
    }
}
