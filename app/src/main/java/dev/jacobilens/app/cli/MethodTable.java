package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.bench.MethodBenchmark;
import dev.jacobilens.store.cli.MethodJson;
import dev.jacobilens.store.method.DecodeMethod;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Markdown, CSV and JSON of a {@link MethodBenchmark} table (bench --methods). */
final class MethodTable {
    private MethodTable() {
    }

    static String markdown(MethodBenchmark.Result r, Path prompts) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d problems from %s, device %s; speedups against standard AR per generated token%n%n",
                r.problems(), BenchCommand.promptsName(prompts), dev.jacobilens.store.DeviceNames.shown(r.device())));
        sb.append("| model | method | parameters | size | accuracy | target passes | draft passes | tokens/target pass"
                + " | tokens/s | speedup (passes) | speedup (wall) | draft acceptance |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MethodBenchmark.Row row : r.rows()) {
            sb.append(String.format("| %s | %s | %s | %s | %.1f%% | %d | %d | %.3f | %.1f | %s | %s | %s |%n",
                    row.model(), row.method().id(), row.parameters(), size(row), 100 * row.accuracy(), row.targetPasses(),
                    row.draftPasses(), row.tokensPerTargetPass(), row.tokensPerSecond(),
                    dev.jacobilens.store.SpeedupText.passes(r.speedupPasses(row)),
                    dev.jacobilens.store.SpeedupText.wallTime(r.speedupWall(row)), Double.isNaN(row.draftAcceptance()) ? "" : String.format("%.1f%%",
                            100 * row.draftAcceptance())));
        }
        return sb.toString();
    }

    static String csv(MethodBenchmark.Result r) {
        StringBuilder sb = new StringBuilder("device,model,method,parameters,added_parameters,accuracy,target_passes,draft_passes,tokens,"
                + "seconds,tokens_per_target_pass,tokens_per_second,speedup_passes,speedup_wall,draft_acceptance\n");
        for (MethodBenchmark.Row row : r.rows()) {
            sb.append(String.format("%s,%s,%s,%s,%d,%.4f,%d,%d,%d,%.3f,%.4f,%.2f,%.3f,%.3f,%s%n", dev.jacobilens.store.DeviceNames.shown(r.device()), row.model(),
                    row.method().id(), row.parameters(), row.addedParameters(), row.accuracy(), row.targetPasses(), row.draftPasses(), row.tokens(),
                    row.seconds(), row.tokensPerTargetPass(), row.tokensPerSecond(), r.speedupPasses(row),
                    r.speedupWall(row), Double.isNaN(row.draftAcceptance()) ? ""
                            : String.format("%.4f", row.draftAcceptance())));
        }
        return sb.toString();
    }

    static ObjectNode json(MethodBenchmark.Result r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("device", r.device());
        o.put("problems", r.problems());
        ArrayNode rows = o.putArray("rows");
        for (MethodBenchmark.Row row : r.rows()) {
            ObjectNode j = rows.addObject();
            j.put("row", row.key());
            j.put("model", row.model());
            j.put("method", row.method().id());
            j.put("parameters", row.parameters());
            MethodJson.putValues(j.putObject("values"), row.method());
            j.put("added_parameters", row.addedParameters());
            j.put("accuracy", round(row.accuracy(), 4));
            j.put("target_passes", row.targetPasses());
            j.put("draft_passes", row.draftPasses());
            j.put("tokens", row.tokens());
            j.put("seconds", round(row.seconds(), 3));
            j.put("tokens_per_target_pass", round(row.tokensPerTargetPass(), 4));
            j.put("tokens_per_second", round(row.tokensPerSecond(), 2));
            j.put("speedup_passes", round(r.speedupPasses(row), 3));
            j.put("speedup_wall", round(r.speedupWall(row), 3));
            if (!Double.isNaN(row.draftAcceptance())) {
                j.put("draft_acceptance", round(row.draftAcceptance(), 4));
                j.put("draft_tokens_accepted", row.acceptedDraft());
                j.put("draft_tokens_proposed", row.proposedDraft());
            }
        }
        return o;
    }

    /** Rows of an earlier {@code bench --json} output, so that a table can be measured in parts ({@code --append}). */
    static MethodBenchmark.Result read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new Args.UsageException("--append: " + file + " is not readable bench --json output ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.path("rows").isArray() || !root.path("problems").isInt()) {
            throw new Args.UsageException("--append: " + file + " is not bench --json output (no rows or problems)");
        }
        List<MethodBenchmark.Row> rows = new ArrayList<>();
        for (JsonNode j : root.get("rows")) {
            DecodeMethod method = method(file, j);
            rows.add(new MethodBenchmark.Row(j.path("row").asText(legacyKey(j, method)), j.path("model").asText(),
                    method, j.path("parameters").asText(), j.path("accuracy").asDouble(), j.path("target_passes").asLong(),
                    j.path("draft_passes").asLong(), j.path("tokens").asLong(), j.path("seconds").asDouble(),
                    j.path("draft_tokens_accepted").asLong(), j.path("draft_tokens_proposed").asLong(),
                    j.path("added_parameters").asLong(), List.of()));
        }
        return new MethodBenchmark.Result(root.path("device").asText(), root.get("problems").asInt(), rows);
    }

    /** Earlier rows and new ones in table order; both must cover the same number of problems. */
    static MethodBenchmark.Result merge(MethodBenchmark.Result earlier, MethodBenchmark.Result now) {
        if (earlier.problems() != now.problems()) {
            throw new Args.UsageException("--append: the earlier table covers " + earlier.problems()
                    + " problems, this run " + now.problems());
        }
        List<MethodBenchmark.Row> rows = new ArrayList<>(earlier.rows());
        rows.addAll(now.rows());
        rows.sort(Comparator.comparingInt(MethodBenchmark.Row::order));
        String device = now.device() == null ? earlier.device() : now.device();
        return new MethodBenchmark.Result(device, now.problems(), rows);
    }

    /** A row's method as the JSON names it, with its values where the JSON has them (older output: defaults). */
    private static DecodeMethod method(Path file, JsonNode j) {
        try {
            DecodeMethod m = DecodeMethod.byId(j.path("method").asText());
            Map<String, Integer> values = new LinkedHashMap<>();
            j.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asInt()));
            return values.isEmpty() ? m : m.with(values);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--append: " + file + ": " + e.getMessage());
        }
    }

    /** The row key of output written before rows carried one (and before pool rows had values). */
    private static String legacyKey(JsonNode j, DecodeMethod method) {
        return MethodBenchmark.key(j.path("model").asText(), method)
                + (j.path("parameters").asText().contains("+pool") ? "-pool" : "");
    }

    /** The parameters a method adds, as the paper's "size" column: "+652.8K"; blank for none. */
    static String size(MethodBenchmark.Row row) {
        long n = row.addedParameters();
        if (n == 0) {
            return "";
        }
        return n >= 1_000_000 ? String.format("+%.2fM", n / 1e6) : String.format("+%.1fK", n / 1e3);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
