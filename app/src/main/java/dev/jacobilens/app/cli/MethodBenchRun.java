package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.bench.MethodBenchmark;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.RecordingFiles;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Lookahead;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code bench --methods ...}: every decoding method on a pair, one table (see {@link MethodBenchmark}). */
final class MethodBenchRun {
    private MethodBenchRun() {
    }

    static int run(Args a, Path prompts, List<Problem> problems, PrintStream out, PrintStream progress)
            throws Exception {
        List<DecodeMethod> methods = new ArrayList<>(MethodOptions.configure(a,
                methods(a.string("methods", DecodeMethod.ids(",")))));
        Path draft = a.path(MethodOptions.DRAFT, Home.draftModel());
        if (!Files.isDirectory(draft)) {
            if (a.string(MethodOptions.DRAFT, null) != null) {
                throw new Args.UsageException("--draft: " + draft + " is not a model directory");
            }
            for (DecodeMethod m : methods) {
                if (m.usesDraftModel()) {
                    progress.println("no draft model at " + draft + ": " + m.label().toLowerCase()
                            + " decoding left out");
                }
            }
            methods.removeIf(DecodeMethod::usesDraftModel);
            draft = null;
        }
        Path standard = a.path("standard", Home.standardModel());
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
            rows = new LinkedHashSet<>(Arrays.asList(a.string("rows", null).split(",")));
            if (!MethodBenchmark.ROWS.containsAll(rows)) {
                throw new Args.UsageException("--rows: use some of " + String.join(",", MethodBenchmark.ROWS));
            }
        }
        MethodBenchmark.Settings s = new MethodBenchmark.Settings(standard,
                a.path("consistency", Home.consistencyModel()), draft, heads, methods, rows,
                a.integer("max-new-tokens", 256, 1), a.longValue("seed", 0), a.string("device", "auto"));
        // --from FILE.json prints (and with --out writes) a table measured earlier, without decoding.
        MethodBenchmark.Result r = a.string("from", null) != null ? MethodTable.read(a.path("from", null))
                : MethodBenchmark.run(s, problems, progress);
        if (a.string("append", null) != null) {
            r = MethodTable.merge(MethodTable.read(a.path("append", null)), r);
        }
        String markdown = MethodTable.markdown(r, prompts);
        BenchCommand.printTable(out, a.flag("json"), MethodTable.json(r), markdown);
        String outDir = a.string("out", null);
        if (outDir != null) {
            Path dir = Path.of(outDir);
            Files.createDirectories(dir.resolve("recordings"));
            Files.writeString(dir.resolve("methods.md"), markdown);
            Files.writeString(dir.resolve("methods.csv"), MethodTable.csv(r));
            // per problem, the standard and the consistency model's lookahead decodes side by side
            // rows read back with --append have no recordings
            List<MethodBenchmark.Row> lookaheads = r.rows().stream()
                    .filter(row -> row.method() instanceof Lookahead && !row.recordings().isEmpty())
                    .toList();
            if (lookaheads.size() == 2) {
                for (int i = 0; i < problems.size(); i++) {
                    RecordingFiles.write(dir.resolve("recordings").resolve(String.format("lookahead-%03d.json.gz", i)),
                            new Comparison(problems.get(i).question(), lookaheads.get(0).recordings().get(i),
                                    lookaheads.get(1).recordings().get(i), null, null));
                }
            }
            progress.println("wrote " + dir.resolve("methods.md") + " and methods.csv"
                    + (lookaheads.size() == 2 ? " and " + problems.size() + " lookahead comparison recordings" : ""));
        }
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
