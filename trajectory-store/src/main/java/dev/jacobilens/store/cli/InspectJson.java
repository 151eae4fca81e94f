package dev.jacobilens.store.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.BlockMetrics;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.Speedup;
import dev.jacobilens.store.SpeedupText;
import dev.jacobilens.store.Totals;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code inspect FILE --json}: the figures of {@link Metrics}, for scripts. A recording's
 * figures sit at the top level; a comparison has one object per lane ({@code standard},
 * {@code consistency}). Blocks, iterations and passes are numbered as {@link Metrics} says.
 */
final class InspectJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InspectJson() {
    }

    static ObjectNode of(Path file, RecordingFile content) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("file", file.toString());
        if (content instanceof RecordingFile.OfComparison c) {
            Comparison comparison = c.comparison();
            root.put("kind", "comparison");
            root.put("prompt_text", comparison.promptText());
            root.set("standard", lane(MAPPER.createObjectNode(), comparison.standard(), comparison.standardAr()));
            root.set("consistency", lane(MAPPER.createObjectNode(), comparison.consistency(),
                    comparison.consistencyAr()));
        } else {
            root.put("kind", "recording");
            lane(root, content.recordings().get(0), null);
        }
        return root;
    }

    private static ObjectNode lane(ObjectNode o, Recording r, ArTiming ar) {
        Totals t = Metrics.totals(r);
        o.put("model", r.model().name());
        o.put("method", r.settings().method().id());
        MethodJson.putValues(o.putObject("parameters"), r.settings().method());
        // the files' names, kept for scripts written before "method"
        o.put("strategy", r.settings().method().id());
        o.put("block_size", r.settings().method().blockSizeInFile());
        o.put("device", r.settings().device());
        o.put("stop_reason", r.stopReason().id());
        o.put("output_tokens", t.outputTokens());
        o.put("forward_passes", t.forwardPasses());
        o.put("tokens_per_pass", t.tokensPerPass());
        o.put("blocks", t.blocks());
        o.put("iterations_per_block", t.iterationsPerBlock());
        o.put("mean_accepted_per_block_pass", t.meanAcceptedPerPass());
        o.put("accepted_tokens", t.acceptedTokens());
        o.put("stationary_tokens", t.stationaryTokens());
        o.put("blocks_in_flight_per_pass", Metrics.meanBlocksInFlight(r));
        o.put("ngram_tokens_accepted", Metrics.ngramTokensAccepted(r));
        o.put("pass_speedup_estimate", t.passSpeedupEstimate());
        Optional<Speedup> speedup = Metrics.speedup(r, ar);
        if (ar == null) {
            o.putNull("ar");
        } else {
            ObjectNode a = o.putObject("ar");
            a.put("forward_passes", ar.forwardPasses());
            a.put("output_tokens", ar.tokens());
            a.put("wall_ms", ar.wallNanos() / 1e6);
            a.put("device", ar.device());
        }
        putOrNull(o, "speedup_passes_vs_ar", speedup.map(Speedup::forwardPasses));
        Optional<Double> wall = speedup.flatMap(s -> s.wallTime().isPresent()
                ? Optional.of(s.wallTime().getAsDouble()) : Optional.empty());
        putOrNull(o, "speedup_wall_vs_ar", wall);
        if (wall.isPresent()) {
            o.put("wall_vs_ar", SpeedupText.wallTime(wall.get()));
        } else {
            o.putNull("wall_vs_ar");
        }
        o.put("prompt_pass_ms", t.prefillNanos() / 1e6);
        o.put("decode_ms", t.elapsedNanos() / 1e6);
        ArrayNode blocks = o.putArray("per_block");
        List<BlockMetrics> figures = Metrics.blocks(r);
        for (int i = 0; i < figures.size(); i++) {
            BlockMetrics b = figures.get(i);
            BlockTrajectory block = r.blocks().get(i);
            ObjectNode bo = blocks.addObject();
            bo.put("block", b.block());
            bo.put("start", b.start());
            bo.put("size", b.size());
            bo.put("output_positions", Metrics.outputPositions(r, block));
            bo.put("iterations", b.iterations());
            if (block.passes() > 0) {
                bo.put("first_pass", Metrics.passNumber(r, block, 1));
                bo.put("last_pass", Metrics.passNumber(r, block, block.passes()));
            }
            ArrayNode accepted = bo.putArray("accepted_per_iteration");
            b.perPass().forEach(m -> accepted.add(m.accepted()));
            bo.put("stationary", b.stationaryTotal());
            bo.put("wall_ms", b.wallNanos() / 1e6);
        }
        return o;
    }

    private static void putOrNull(ObjectNode o, String field, Optional<Double> value) {
        if (value.isPresent()) {
            o.put(field, value.get());
        } else {
            o.putNull(field);
        }
    }
}
