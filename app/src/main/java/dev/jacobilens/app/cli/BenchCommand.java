package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.ModelChecks;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;
import dev.jacobilens.engine.bench.PairBenchmark;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.SpeedupText;
import dev.jacobilens.store.TextQuality;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.MultiBlock;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code bench}: the paper's Table 1 for a standard/consistency pair. */
final class BenchCommand implements Command {
    static final String USAGE = "usage: jacobi-lens bench [--pair maths|stories] [--standard DIR] [--consistency DIR]"
            + " [--prompts FILE] [--limit N] [--block-size N] [--max-new-tokens N] [--seed S] [--device auto|cpu|gpu]"
            + " [--json] [--out DIR]\n"
            + "       [--methods " + dev.jacobilens.store.method.DecodeMethod.ids(",") + "] and each method's"
            + " parameters: [--draft DIR] [--draft-tokens K] [--window W] [--ngram N] [--guesses G] [--no-text-ngrams]"
            + " [--pool-ngram N]\n"
            + "       [--tree-nodes N] [--tree-depth D] [--blocks K] [--spawn-percent R] [--no-recycling]"
            + " [--recycle-ngram N] [--recycle-candidates G]\n"
            + "       [--rows standard-ar,...,consistency-lookahead] [--append EARLIER.json] [--from SAVED.json]\n"
            + "  defaults: the pair's models, held-out prompts, block size and max new tokens in assets/ (pair: maths);\n"
            + "  the maths pair gets the table of every method (with its draft model); free text, or --methods ar,jacobi,\n"
            + "  gets the AR/Jacobi table of both models with perplexity and repetition, and comparison recordings\n"
            + "  (free text with --methods ar,jacobi,multiblock: and the consistency model's multi-block row)\n"
            + "  prompts: GSM8K JSONL (accuracy is checked), JSONL with \"prompt\", or one prompt per line";

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
        return "speedup and quality of standard vs consistency, AR vs Jacobi";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Set<String> valued = new java.util.HashSet<>(Set.of("pair", "standard", "consistency", "prompts", "limit",
                "max-new-tokens", "from", "seed", "device", "out", "methods", "rows", "append"));
        valued.addAll(MethodOptions.valued());
        valued.removeAll(Set.of("method", "strategy")); // bench takes --methods
        Set<String> flags = new java.util.HashSet<>(Set.of("json", "help"));
        flags.addAll(MethodOptions.flags());
        Args a = new Args(argv, valued, flags);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        ModelPair pair = ModelPair.named(a.choice("pair", "maths", "maths", "stories"));
        // the methods are checked before any file is read
        String methods = a.string("methods", null);
        List<DecodeMethod> listed = methods == null ? null : MethodBenchRun.methods(methods);
        boolean pairTable = listed != null && listed.equals(List.of(Autoregressive.INSTANCE, Jacobi.DEFAULT));
        // free text can have the pair's table with the consistency model's multi-block row too (issue 20)
        boolean pairWithMultiBlock = listed != null
                && listed.equals(List.of(Autoregressive.INSTANCE, Jacobi.DEFAULT, MultiBlock.DEFAULT));
        Path prompts = a.path("prompts", pair.benchPromptsFile(Home.dir()));
        // Progress (a line per problem) goes to stderr, so stdout holds only the table or the JSON.
        PrintStream progress = err;
        if (a.string("from", null) != null) {
            return MethodBenchRun.fromSaved(a, prompts, out, progress);
        }
        if (methods != null && !pairTable && !methods.replace(",", "").isBlank()) {
            // another method's parameter is refused before any file or model is read
            MethodOptions.configure(a, MethodBenchRun.methods(methods));
        }
        List<Prompt> problems = PromptFiles.read(prompts);
        problems = problems.subList(0, Math.min(a.integer("limit", problems.size(), 1), problems.size()));
        if (problems.isEmpty()) {
            throw new Args.UsageException(prompts + " holds no problems");
        }
        ModelChecks.requireModelFolder("--standard", a.path("standard", pair.standardDir(Home.dir())));
        ModelChecks.requirePromptsFit(prompts, problems.stream().map(Prompt::text).toList(), "--standard",
                a.path("standard", pair.standardDir(Home.dir())));
        boolean answered = problems.stream().allMatch(Prompt::hasAnswer);
        if (pairWithMultiBlock && !answered) {
            pairTable = true; // free text: the pair's table with the multi-block row (GSM8K: the table of every method)
        }
        List<DecodeMethod> pairMethods = pairWithMultiBlock && !answered
                ? List.of(Autoregressive.INSTANCE, Jacobi.of(pair.blockSize()),
                        MultiBlock.DEFAULT.with(Map.of(DecodeMethod.BLOCK_SIZE, pair.blockSize())))
                : List.of(Autoregressive.INSTANCE, Jacobi.of(pair.blockSize()));
        if (methods != null ? !pairTable : answered && pair == ModelPair.MATHS) {
            // the table of every method (issue 14); it scores answers, so it needs GSM8K problems
            if (!answered) {
                throw new Args.UsageException("--methods " + methods + " needs prompts with answers (GSM8K JSONL); "
                        + prompts + " has free text: use --methods ar,jacobi");
            }
            return MethodBenchRun.run(a, prompts, GsmJsonl.read(prompts).subList(0, problems.size()), out, progress);
        }
        for (String methodOnly : List.of("append", "rows", "draft", "draft-tokens", "window", "ngram", "guesses",
                "no-text-ngrams")) {
            if (a.flag(methodOnly)) {
                throw new Args.UsageException("--" + methodOnly + " belongs to the table of every method (GSM8K"
                        + " prompts, --methods ar,jacobi,lookahead,...); the AR/Jacobi table does not use it");
            }
        }
        Path standard = a.path("standard", pair.standardDir(Home.dir()));
        Path consistency = a.path("consistency", pair.consistencyDir(Home.dir()));
        ModelChecks.requireModelFolder("--standard", standard);
        ModelChecks.requireModelFolder("--consistency", consistency);
        ModelChecks.requireSameTokenizer("--consistency", consistency, "--standard", standard);
        List<DecodeMethod> configured = MethodOptions.configure(a, pairMethods);
        Jacobi jacobi = (Jacobi) configured.get(1);
        DecodeMethod extra = configured.size() > 2 ? configured.get(2) : null;
        if (jacobi.poolNgram() != 0) {
            throw new Args.UsageException("--pool-ngram is for the table of every method (--methods with lookahead);"
                    + " the AR/Jacobi table runs plain Jacobi");
        }
        int blockSize = jacobi.blockSize();
        ModelChecks.requireFitsContext("--block-size", blockSize, "--standard", standard);
        ModelChecks.requireFitsContext("--block-size", blockSize, "--consistency", consistency);
        if (extra instanceof MultiBlock mb) {
            MethodBenchRun.requireFlightFits(mb, "--consistency", consistency);
        }
        try (BenchOutput output = BenchOutput.claim(a.string("out", null), List.of("bench.md", "bench.csv"))) {
            PairBenchmark.Result r = PairBenchmark.run(standard, consistency, problems, blockSize,
                    a.integer("max-new-tokens", pair.maxNewTokens(), 1), a.longValue("seed", 0),
                    a.string("device", "auto"), extra, progress);
            if (StopRequest.isRequested()) {
                if (r.rows().isEmpty()) {
                    return 0; // stopped before standard AR was measured in full: no row to keep (the CLI reports it)
                }
                progress.println("stopped: keeping the " + r.rows().size() + " rows measured in full");
            }
            String markdown = markdown(r, prompts);
            printTable(out, a.flag("json"), json(r), markdown);
            if (output != null) {
                Map<String, Comparison> recordings = new LinkedHashMap<>();
                for (int i = 0; i < r.comparisons().size(); i++) {
                    recordings.put(String.format("problem-%03d.json.gz", i + 1), r.comparisons().get(i));
                }
                Map<String, String> tables = new LinkedHashMap<>();
                tables.put("bench.md", markdown);
                tables.put("bench.csv", csv(r));
                output.write(tables, recordings);
                progress.println("wrote " + output.dir().resolve("bench.md") + ", bench.csv and "
                        + r.comparisons().size() + " comparison recordings");
            }
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
            j.put("method", row.method().id());
            if (row.hasAccuracy()) {
                j.put("accuracy", round(row.accuracy(), 4));
            } else {
                j.putNull("accuracy");
            }
            j.put("forward_passes", row.forwardPasses());
            j.put("tokens", row.tokens());
            j.put("tokens_per_forward", round(row.tokensPerForward(), 4));
            j.put("tokens_per_second", round(row.tokensPerSecond(), 2));
            j.put("speedup_forward", round(row.speedupForward(), 3));
            j.put("speedup_wall", round(row.speedupWall(), 3));
            if (Double.isNaN(row.perplexity())) {
                j.putNull("perplexity"); // unknown (a run cut short by a stop), not 0
            } else {
                j.put("perplexity", round(row.perplexity(), 4));
            }
            j.put("repetition_rate", round(row.repetitionRate(), 4));
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
        sb.append(String.format("%d prompts from %s, block size %d, device %s%n%n", r.problems(), from,
                r.blockSize(), r.device()));
        sb.append("| model | method | accuracy | forward passes | tokens/pass | tokens/s | speedup (passes)"
                + " | speedup (wall) | perplexity | repetition |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PairBenchmark.Row row : r.rows()) {
            sb.append(String.format("| %s | %s | %s | %d | %.3f | %.1f | %s | %s | %.3f | %.3f |%n", row.model(),
                    row.method().id(), row.hasAccuracy() ? String.format("%.1f%%", 100 * row.accuracy()) : "n/a",
                    row.forwardPasses(), row.tokensPerForward(), row.tokensPerSecond(),
                    SpeedupText.passes(row.speedupForward()), SpeedupText.wallTime(row.speedupWall()),
                    row.perplexity(), row.repetitionRate()));
        }
        sb.append(String.format("%nperplexity: the standard model's, of each output up to its first EOS;"
                + " repetition: share of the outputs' %d-grams seen earlier in the same output%n", TextQuality.NGRAM));
        return sb.toString();
    }

    static String csv(PairBenchmark.Result r) {
        StringBuilder sb = new StringBuilder("device,model,method,accuracy,forward_passes,tokens,tokens_per_forward,"
                + "tokens_per_second,speedup_forward,speedup_wall,perplexity,repetition_rate\n");
        for (PairBenchmark.Row row : r.rows()) {
            sb.append(String.format("%s,%s,%s,%s,%d,%d,%.4f,%.2f,%.3f,%.3f,%.4f,%.4f%n", r.device(), row.model(),
                    row.method().id(), row.hasAccuracy() ? String.format("%.4f", row.accuracy()) : "", row.forwardPasses(),
                    row.tokens(), row.tokensPerForward(), row.tokensPerSecond(), row.speedupForward(),
                    row.speedupWall(), row.perplexity(), row.repetitionRate()));
        }
        return sb.toString();
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
