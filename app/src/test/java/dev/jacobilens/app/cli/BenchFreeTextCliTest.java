package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} on free text: no accuracy, but the standard model's perplexity and the repetition rate per row. */
class BenchFreeTextCliTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli().run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void freeTextPromptsGiveQualityColumnsInsteadOfAccuracy() throws Exception {
        Path prompts = Files.writeString(tmp.resolve("openings.txt"), "Once upon a time\nTom went to the park.\n");
        String model = Fixtures.stories260k().toString();
        assertEquals(0, run("bench", "--standard", model, "--consistency", model, "--prompts", prompts.toString(),
                "--max-new-tokens", "24", "--device", "cpu", "--json", "--out", tmp.resolve("bench").toString()),
                err.toString(StandardCharsets.UTF_8));
        JsonNode rows = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("rows");
        assertEquals(4, rows.size());
        for (JsonNode row : rows) {
            assertTrue(row.get("accuracy").isNull(), row.toString());
            double perplexity = row.get("perplexity").asDouble();
            assertTrue(perplexity >= 1 && perplexity < 50, row.toString());
            double repetition = row.get("repetition_rate").asDouble();
            assertTrue(repetition >= 0 && repetition <= 1, row.toString());
        }
        // the same greedy text from the same model: the same quality in every row
        assertEquals(rows.get(0).get("perplexity").asDouble(), rows.get(3).get("perplexity").asDouble(), 1e-6);
        String markdown = Files.readString(tmp.resolve("bench").resolve("bench.md"));
        assertTrue(markdown.contains("| perplexity | repetition |") && markdown.contains("n/a"), markdown);
    }

    @Test
    void anUnknownPairIsRefusedWithExitCodeTwo() {
        assertEquals(2, run("bench", "--pair", "chat"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--pair"), err.toString(StandardCharsets.UTF_8));
    }
}
