package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decode --method multiblock and bench --methods ...,multiblock: the parameters come from the
 * method's descriptor, and bad values (blocks in flight below 1, more blocks than fit the context,
 * a block larger than the context) are refused by option name with exit 2.
 */
class MultiBlockCliTest {
    @TempDir
    Path tmp;
    private final CliRun cli = new CliRun();

    private static List<String> decode(String model, String... more) {
        List<String> args = new ArrayList<>(List.of("decode", "--model", model, "--prompt", "the cat",
                "--max-new-tokens", "20", "--device", "cpu", "--method", "multiblock"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void badValuesAreRefusedByNameBeforeAnyModel() {
        cli.expectRefused(decode("/no/such/model", "--blocks", "0"), "--blocks", "must be 1 to 16, got 0");
        cli.expectRefused(decode("/no/such/model", "--spawn-percent", "101"), "--spawn-percent", "0 to 100");
        cli.expectRefused(decode("/no/such/model", "--recycle-ngram", "1"), "--recycle-ngram", "2 to 16");
        cli.expectRefused(decode("/no/such/model", "--block-size", "513"), "--block-size", "1 to 512");
        cli.expectRefused(decode("/no/such/model", "--window", "4"), "--window is a parameter of lookahead",
                "--method multiblock does not take it", "--blocks", "--no-recycling");
        List<String> jacobi = new ArrayList<>(decode("/no/such/model", "--blocks", "3"));
        jacobi.set(jacobi.indexOf("multiblock"), "jacobi");
        cli.expectRefused(jacobi, "--blocks is a parameter of multiblock", "--method jacobi does not take it");
        String problems = Path.of("..", "assets", "corpus", "test.jsonl").toString();
        cli.expectRefused(List.of("bench", "--prompts", problems, "--methods", "ar,jacobi,multiblock", "--blocks", "-1"),
                "--blocks", "1 to 16");
    }

    @Test
    void moreBlocksThanTheContextHoldsAreRefused() {
        String model = Fixtures.tinyLlama().toString(); // 512 positions
        cli.expectRefused(decode(model, "--blocks", "9", "--block-size", "64"), "--blocks", "576 positions", "512");
        String problems = Path.of("..", "assets", "corpus", "test.jsonl").toString();
        Path models = Path.of("..", "assets", "models").toAbsolutePath().normalize();
        cli.expectRefused(List.of("bench", "--prompts", problems, "--limit", "1", "--methods", "ar,multiblock",
                "--standard", models.resolve("standard").toString(), "--consistency",
                models.resolve("consistency").toString(), "--blocks", "16", "--block-size", "40"), "--blocks 16 of --block-size 40 need 640 positions",
                "use fewer or smaller blocks");
        assertFalse(cli.err().contains("accuracy"), "refused before measuring");
    }

    @Test
    void decodeRunsWithTheParametersGiven() throws Exception {
        Path model = Path.of("..", "assets", "models", "consistency").toAbsolutePath().normalize();
        Path record = tmp.resolve("mb.json");
        assertEquals(0, cli.run(decode(model.toString(), "--prompt", "Jack has 42 candies. He buys 8 more candies."
                + " How many candies does Jack have now?", "--blocks", "3", "--spawn-percent", "25", "--block-size",
                "8", "--no-recycling", "--json", "--record", record.toString())), cli.err());
        JsonNode j = new ObjectMapper().readTree(cli.out());
        assertEquals("multiblock", j.get("method").asText());
        assertEquals(3, j.get("parameters").get("blocks").asInt());
        assertEquals(25, j.get("parameters").get("spawn_percent").asInt());
        assertFalse(j.get("parameters").get("recycling").asBoolean());
        assertEquals(8, j.get("block_size").asInt());
        assertTrue(j.get("tokens_per_pass").asDouble() > 1, j.toString());
    }
}
