package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.bench.MethodBenchmark;

import java.nio.file.Path;

/** Markdown, CSV and JSON of a {@link MethodBenchmark} table (bench --methods). */
final class MethodTable {
    private MethodTable() {
    }

    static String markdown(MethodBenchmark.Result r, Path prompts) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d problems from %s, device %s; speedups against standard AR per generated token%n%n",
                r.problems(), prompts, r.device()));
        sb.append("| model | method | parameters | accuracy | target passes | draft passes | tokens/target pass"
                + " | tokens/s | speedup (passes) | speedup (wall) | draft acceptance |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MethodBenchmark.Row row : r.rows()) {
            sb.append(String.format("| %s | %s | %s | %.1f%% | %d | %d | %.3f | %.1f | %.2fx | %.2fx | %s |%n",
                    row.model(), row.method(), row.parameters(), 100 * row.accuracy(), row.targetPasses(),
                    row.draftPasses(), row.tokensPerTargetPass(), row.tokensPerSecond(), r.speedupPasses(row),
                    r.speedupWall(row), Double.isNaN(row.draftAcceptance()) ? "" : String.format("%.1f%%",
                            100 * row.draftAcceptance())));
        }
        return sb.toString();
    }

    static String csv(MethodBenchmark.Result r) {
        StringBuilder sb = new StringBuilder("device,model,method,parameters,accuracy,target_passes,draft_passes,tokens,"
                + "seconds,tokens_per_target_pass,tokens_per_second,speedup_passes,speedup_wall,draft_acceptance\n");
        for (MethodBenchmark.Row row : r.rows()) {
            sb.append(String.format("%s,%s,%s,%s,%.4f,%d,%d,%d,%.3f,%.4f,%.2f,%.3f,%.3f,%s%n", r.device(), row.model(),
                    row.method(), row.parameters(), row.accuracy(), row.targetPasses(), row.draftPasses(), row.tokens(),
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
            j.put("model", row.model());
            j.put("method", row.method());
            j.put("parameters", row.parameters());
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
            }
        }
        return o;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
