package dev.jacobilens.store.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.store.SpeedupText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: for every shipped sample, {@code inspect --json} agrees with a count made by hand
 * from the file's raw JSON, without the store's model or metrics: the EOS id is looked up in the
 * recording's own token strings, the output is the blocks' fixed points up to and including
 * the first EOS, and the passes are the prompt pass plus one per state after each block's guess.
 */
class ShippedSamplesInspectTest {
    private static final Path SAMPLES = Path.of("..", "samples", "recordings");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void inspectJsonAgreesWithAHandCountOfEveryShippedSample() throws IOException {
        List<Path> files = samples();
        assertTrue(files.size() >= 3, "expected the shipped samples in " + SAMPLES + ", found " + files);
        for (Path file : files) {
            JsonNode raw = readRaw(file).get("comparison");
            JsonNode shown = inspectJson(file);
            for (String lane : List.of("standard", "consistency")) {
                String where = file.getFileName() + " " + lane;
                JsonNode recording = raw.get(lane);
                int eos = eosId(recording.get("token_strings"));
                List<Integer> fixedPoints = new ArrayList<>();
                int passes = 1; // the prompt pass
                for (JsonNode block : recording.get("blocks")) {
                    JsonNode states = block.get("states");
                    passes += states.size() - 1;
                    states.get(states.size() - 1).forEach(id -> fixedPoints.add(id.asInt()));
                }
                // The output ends at the first EOS, or at max new tokens when the run never met one.
                int eosAt = eos < 0 ? -1 : fixedPoints.indexOf(eos);
                int output = eosAt >= 0 ? eosAt + 1
                        : Math.min(fixedPoints.size(), recording.get("settings").get("max_new_tokens").asInt());
                if (recording.get("stop_reason").asText().equals("eos")) {
                    assertTrue(eosAt >= 0, where + ": stopped at EOS, yet no EOS in the fixed points");
                }
                if (file.getFileName().toString().startsWith("standard-vs-consistency-")) {
                    // the Jacobi blocks of these samples run past the EOS, the case the counts must handle
                    assertTrue(fixedPoints.size() > output, where + ": the sample should accept tokens after its EOS");
                }
                assertEquals(fixedPoints.subList(0, output), ints(recording.get("output_ids")), where);

                JsonNode figures = shown.get(lane);
                assertEquals(output, figures.get("output_tokens").asInt(), where);
                assertEquals(passes, figures.get("forward_passes").asInt(), where);
                assertEquals((double) output / passes, figures.get("tokens_per_pass").asDouble(), 1e-12, where);
                assertEquals((passes - 1.0) / recording.get("blocks").size(),
                        figures.get("iterations_per_block").asDouble(), 1e-12, where);
                JsonNode ar = raw.get(lane + "_ar");
                if (ar == null || ar.isNull()) {
                    // the method comparisons hold no AR reference timing: no speedup against one is shown
                    assertTrue(figures.get("speedup_passes_vs_ar") == null || figures.get("speedup_passes_vs_ar").isNull(),
                            where + ": " + figures);
                    continue;
                }
                double arPassesPerToken = ar.get("forward_passes").asDouble() / ar.get("tokens").asInt();
                assertEquals(arPassesPerToken / ((double) passes / output),
                        figures.get("speedup_passes_vs_ar").asDouble(), 1e-12, where);
                double arNanosPerToken = ar.get("wall_nanos").asDouble() / ar.get("tokens").asInt();
                double wall = arNanosPerToken / (recording.get("elapsed_nanos").asDouble() / output);
                assertEquals(wall, figures.get("speedup_wall_vs_ar").asDouble(), 1e-9, where);
                assertEquals(SpeedupText.wallTime(wall), figures.get("wall_vs_ar").asText(), where);
                assertFalse(figures.get("device").asText().contains("("), where);
            }
        }
    }

    /**
     * The case the issue reported: standard Jacobi took 61 passes for the 59 tokens AR made in 60,
     * which dividing by accepted tokens (64) showed as 1.07x fewer; the consistency model's 13
     * passes showed as 5.01x where its output gives 60/13.
     */
    @Test
    void theReportedSampleNoLongerCountsTokensAfterTheEnd() throws IOException {
        JsonNode shown = inspectJson(SAMPLES.resolve("standard-vs-consistency-1.json.gz"));
        JsonNode standard = shown.get("standard");
        assertEquals(59, standard.get("output_tokens").asInt());
        assertEquals(64, standard.get("accepted_tokens").asInt());
        assertEquals(61, standard.get("forward_passes").asInt());
        assertEquals(60.0 / 61, standard.get("speedup_passes_vs_ar").asDouble(), 1e-12);
        assertEquals("1.02× more passes", SpeedupText.passes(standard.get("speedup_passes_vs_ar").asDouble()));
        JsonNode consistency = shown.get("consistency");
        assertEquals(13, consistency.get("forward_passes").asInt());
        assertEquals(60.0 / 13, consistency.get("speedup_passes_vs_ar").asDouble(), 1e-12);
        assertEquals("4.6× fewer passes", SpeedupText.passes(consistency.get("speedup_passes_vs_ar").asDouble()));
    }

    private static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.json(\\.gz)?")).sorted().toList();
        }
    }

    private static JsonNode readRaw(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            return MAPPER.readTree(in);
        }
    }

    private static int eosId(JsonNode tokenStrings) {
        Iterator<Map.Entry<String, JsonNode>> it = tokenStrings.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().asText().equals("</s>")) {
                return Integer.parseInt(e.getKey());
            }
        }
        return -1; // no EOS among the recording's tokens: it never produced one
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asInt()));
        return ids;
    }

    private static JsonNode inspectJson(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new InspectCommand().run(List.of(file.toString(), "--json"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }
}
