package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.store.RecordingFiles;
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

/** The command line as a user runs it: output, exit codes and error messages. */
class CliTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli().run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void decodeJsonHasTheDocumentedFields() throws Exception {
        Path record = tmp.resolve("r.json");
        assertEquals(0, run("decode", "--model", Fixtures.tinyLlama().toString(), "--prompt", "the cat and the dog",
                "--max-new-tokens", "20", "--block-size", "8", "--device", "cpu", "--json", "--record", record.toString()),
                err());
        JsonNode j = new ObjectMapper().readTree(out());
        for (String field : new String[] {"prompt_ids", "output_ids", "output_text", "forward_passes", "blocks",
                "elapsed_ms", "tokens_per_second"}) {
            assertTrue(j.has(field), "missing " + field + " in " + j);
        }
        assertEquals(20, j.get("output_ids").size());
        assertEquals(3, j.get("blocks").size()); // 8 + 8 + 4 tokens
        int passes = 1;
        int number = 1;
        for (JsonNode b : j.get("blocks")) {
            // blocks from 1; pass 1 is the prompt pass, so block 1 starts at pass 2
            assertEquals(number++, b.get("block").asInt());
            assertEquals(passes + 1, b.get("first_pass").asInt());
            passes += b.get("iterations").asInt();
            assertEquals(passes, b.get("last_pass").asInt());
            assertEquals(b.get("iterations").asInt(), b.get("accepted_per_iteration").size());
        }
        assertEquals(passes, j.get("forward_passes").asInt());
        assertEquals(20, j.get("output_tokens").asInt());
        assertEquals(20.0 / passes, j.get("tokens_per_pass").asDouble(), 1e-12);
        assertEquals("cpu", j.get("device").asText());
        assertEquals(j.get("output_text").asText(), RecordingFiles.readRecording(record).outputText());
    }

    @Test
    void autoregressiveAndJacobiPrintTheSameText() {
        String model = Fixtures.tinyLlama().toString();
        assertEquals(0, run("decode", "--model", model, "--prompt", "anna gives 2 coins to ben", "--strategy", "ar",
                "--max-new-tokens", "24", "--device", "cpu"));
        String ar = out();
        out.reset();
        assertEquals(0, run("decode", "--model", model, "--prompt", "anna gives 2 coins to ben", "--strategy", "jacobi",
                "--max-new-tokens", "24", "--seed", "9", "--device", "cpu"));
        assertEquals(ar, out());
    }

    @Test
    void lookaheadAndSpeculativePrintTheSameTextAsAr() throws Exception {
        String model = Fixtures.tinyLlama().toString();
        String prompt = "anna gives 2 coins to ben";
        assertEquals(0, run("decode", "--model", model, "--prompt", prompt, "--strategy", "ar", "--max-new-tokens", "24",
                "--device", "cpu"));
        String ar = out();
        out.reset();
        Path record = tmp.resolve("la.json");
        assertEquals(0, run("decode", "--model", model, "--prompt", prompt, "--method", "lookahead", "--window", "3",
                "--ngram", "4", "--guesses", "2", "--max-new-tokens", "24", "--device", "cpu", "--record",
                record.toString()), err());
        assertEquals(ar, out());
        out.reset();
        assertEquals(0, run("inspect", record.toString()), err());
        assertTrue(out().contains("lookahead W=3 N=4 G=2"), out());
        assertTrue(!dev.jacobilens.store.RecordingFiles.readRecording(record).passCandidates().isEmpty(),
                "the recording keeps each pass's window and n-grams");
        out.reset();
        // the model as its own draft: every proposal is accepted, the output is still AR's
        assertEquals(0, run("decode", "--model", model, "--prompt", prompt, "--strategy", "speculative", "--draft", model,
                "--draft-tokens", "3", "--max-new-tokens", "24", "--device", "cpu", "--json"), err());
        JsonNode j = new ObjectMapper().readTree(out());
        assertEquals(ar.strip(), j.get("output_text").asText().strip());
        assertEquals("3", j.get("parameters").get("draft_tokens").asText());
        assertTrue(j.get("draft_passes").asInt() > j.get("forward_passes").asInt(), j.toString());
        err.reset();
        assertEquals(2, run("decode", "--model", model, "--prompt", prompt, "--strategy", "speculative"));
        assertTrue(err().contains("--draft"), err());
    }

    @Test
    void badInputExitsWithTwoAndOneLine() {
        assertEquals(2, run("decode", "--model", tmp.resolve("missing").toString(), "--prompt", "x"));
        assertTrue(err().contains("missing") && err().contains("does not exist"), err());
        err.reset();
        assertEquals(2, run("decode", "--model", Fixtures.tinyLlama().toString()));
        assertTrue(err().contains("--prompt"), err());
        err.reset();
        assertEquals(2, run("decode", "--model", Fixtures.tinyLlama().toString(), "--prompt", "x", "--block-size", "zero"));
        assertTrue(err().contains("--block-size"), err());
        err.reset();
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("unknown command"), err());
    }

    @Test
    void inspectPrintsARecordingsMetrics() throws Exception {
        Path record = tmp.resolve("r.json.gz");
        assertEquals(0, run("decode", "--model", Fixtures.tinyLlama().toString(), "--prompt", "the cat",
                "--max-new-tokens", "16", "--device", "cpu", "--record", record.toString()));
        assertTrue(Files.size(record) > 0);
        out.reset();
        assertEquals(0, run("inspect", record.toString()), err());
        assertTrue(out().contains("forward"), out());
    }
}
