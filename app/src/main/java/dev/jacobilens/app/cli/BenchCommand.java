package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.bench.PairBenchmark;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.RecordingFiles;
import dev.jacobilens.store.SpeedupText;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bench}: the paper's Table 1 for a standard/consistency pair. */
final class BenchCommand implements Command {
    static final String USAGE = "usage: jacobi-lens bench [--standard DIR] [--consistency DIR] [--prompts FILE.jsonl]"
            + " [--limit N] [--block-size N] [--max-new-tokens N] [--seed S] [--device auto|cpu|gpu] [--json]"
            + " [--out DIR]\n"
            + "       [--methods ar,jacobi,lookahead,speculative] [--draft DIR] [--draft-tokens K] [--window W]"
            + " [--ngram N] [--guesses G] [--no-text-ngrams]\n"
            + "       [--rows standard-ar,...,consistency-lookahead] [--append EARLIER.json] [--from SAVED.json]\n"
            + "  defaults: the embedded pair, its draft and the held-out test split in assets/; all methods that apply;\n"
            + "  --methods ar,jacobi gives the older table (both models with AR and Jacobi, comparison recordings)";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "accuracy and speedup of standard vs consistency, AR vs Jacobi";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("standard", "consistency", "prompts", "limit", "block-size", "max-new-tokens", "from",
                "seed", "device", "out", "methods", "draft", "draft-tokens", "window", "ngram", "guesses", "rows", "append"),
                Set.of("json", "help", "no-text-ngrams"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path prompts = a.path("prompts", Home.testProblems());
        List<Problem> problems = GsmJsonl.read(prompts);
        problems = problems.subList(0, Math.min(a.integer("limit", problems.size(), 1), problems.size()));
        if (problems.isEmpty()) {
            throw new Args.UsageException(prompts + " holds no problems");
        }
        // Progress (a line per problem) goes to stderr, so stdout holds only the table or the JSON.
        PrintStream progress = err;
        if (!a.string("methods", "").equals("ar,jacobi")) {
            // the table of every method (issue 14); "--methods ar,jacobi" keeps the AR/Jacobi pair table
            return MethodBenchRun.run(a, prompts, problems, out, progress);
        }
        PairBenchmark.Result r = PairBenchmark.run(a.path("standard", Home.standardModel()),
                a.path("consistency", Home.consistencyModel()), problems, a.integer("block-size", 16, 1),
                a.integer("max-new-tokens", 256, 1), a.longValue("seed", 0), a.string("device", "auto"), progress);
        if (StopRequest.isRequested()) {
            return 0; // decodes were cut short: no table, nothing written (the CLI reports the stop)
        }
        String markdown = markdown(r, prompts);
        printTable(out, a.flag("json"), json(r), markdown);
        String outDir = a.string("out", null);
        if (outDir != null) {
            Path dir = Path.of(outDir);
            Files.createDirectories(dir.resolve("recordings"));
            Files.writeString(dir.resolve("bench.md"), markdown);
            Files.writeString(dir.resolve("bench.csv"), csv(r));
            for (int i = 0; i < r.comparisons().size(); i++) {
                RecordingFiles.write(dir.resolve("recordings").resolve(String.format("problem-%03d.json.gz", i + 1)),
                        r.comparisons().get(i));
            }
            progress.println("wrote " + dir.resolve("bench.md") + ", bench.csv and " + r.comparisons().size()
                    + " comparison recordings");
        }
        return 0;
    }

    static ObjectNode json(PairBenchmark.Result r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("device", r.device());
        o.put("problems", r.problems());
        o.put("block_size", r.blockSize());
        ArrayNode rows = o.putArray("rows");
        for (PairBenchmark.Row row : r.rows()) {
            ObjectNode j = rows.addObject();
            j.put("model", row.model());
            j.put("strategy", row.strategy());
            j.put("accuracy", round(row.accuracy(), 4));
            j.put("forward_passes", row.forwardPasses());
            j.put("tokens", row.tokens());
            j.put("tokens_per_forward", round(row.tokensPerForward(), 4));
            j.put("tokens_per_second", round(row.tokensPerSecond(), 2));
            j.put("speedup_forward", round(row.speedupForward(), 3));
            j.put("speedup_wall", round(row.speedupWall(), 3));
        }
        return o;
    }

    /** A measured table on stdout: JSON for scripts (--json), else markdown for people. */
    static void printTable(PrintStream out, boolean asJson, Object json, String markdown) throws java.io.IOException {
        if (asJson) {
            out.println(new ObjectMapper().writeValueAsString(json));
        } else {
            out.println();
            out.print(markdown);
        }
    }

    /** A prompts file as tables name it: relative to the project, never an absolute path. */
    static String promptsName(Path prompts) {
        String inProject = ModelInfo.projectDirectory(prompts, Home.dir());
        return inProject != null ? inProject : prompts.getFileName().toString();
    }

    static String markdown(PairBenchmark.Result r, Path prompts) {
        StringBuilder sb = new StringBuilder();
        String from = promptsName(prompts);
        sb.append(String.format("%d problems from %s, block size %d, device %s%n%n", r.problems(), from,
                r.blockSize(), r.device()));
        sb.append("| model | strategy | accuracy | forward passes | tokens/pass | tokens/s | speedup (passes) | speedup (wall) |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (PairBenchmark.Row row : r.rows()) {
            sb.append(String.format("| %s | %s | %.1f%% | %d | %.3f | %.1f | %s | %s |%n", row.model(),
                    row.strategy(), 100 * row.accuracy(), row.forwardPasses(), row.tokensPerForward(),
                    row.tokensPerSecond(), SpeedupText.passes(row.speedupForward()),
                    SpeedupText.wallTime(row.speedupWall())));
        }
        return sb.toString();
    }

    static String csv(PairBenchmark.Result r) {
        StringBuilder sb = new StringBuilder("device,model,strategy,accuracy,forward_passes,tokens,tokens_per_forward,"
                + "tokens_per_second,speedup_forward,speedup_wall\n");
        for (PairBenchmark.Row row : r.rows()) {
            sb.append(String.format("%s,%s,%s,%.4f,%d,%d,%.4f,%.2f,%.3f,%.3f%n", r.device(), row.model(), row.strategy(),
                    row.accuracy(), row.forwardPasses(), row.tokens(), row.tokensPerForward(), row.tokensPerSecond(),
                    row.speedupForward(), row.speedupWall()));
        }
        return sb.toString();
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
