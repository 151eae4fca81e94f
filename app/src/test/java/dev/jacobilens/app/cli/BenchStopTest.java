package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.StopRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real SIGTERM to this JVM while {@code bench} decodes (sent when its progress shows a given
 * point): exit 143, the rows measured in full are printed and written, the row cut short is not,
 * and no error such as "got NaN" or "Index 0 out of bounds" appears.
 */
class BenchStopTest {
    @TempDir
    Path tmp;

    /** stderr that sends SIGTERM to this process once {@code trigger} has been printed, and waits for the handler. */
    private static final class SignalOn extends OutputStream {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final String trigger;
        private boolean sent;

        SignalOn(String trigger) {
            this.trigger = trigger;
        }

        @Override
        public void write(int b) {
            seen.write(b);
            if (!sent && b == '\n' && text().contains(trigger)) {
                sent = true;
                try {
                    new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    for (int i = 0; i < 500 && !StopRequest.isRequested(); i++) {
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    private int run(List<String> args, ByteArrayOutputStream out, SignalOn err) {
        return new Cli().run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void sigtermDuringTheArJacobiTableKeepsTheRowsMeasuredInFull() throws Exception {
        String tiny = Fixtures.tinyLlama().toString();
        Path prompts = Files.writeString(tmp.resolve("free.txt"), "the cat\na dog\nthe sun\n");
        Path dir = tmp.resolve("out");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignalOn err = new SignalOn("standard     jacobi  problem 1/3");
        int code = run(List.of("bench", "--standard", tiny, "--consistency", tiny, "--prompts", prompts.toString(),
                "--max-new-tokens", "4", "--block-size", "2", "--device", "cpu", "--json", "--out", dir.toString()),
                out, err);
        assertEquals(143, code, err.text());
        assertTrue(err.text().contains("stopped by SIGTERM") && err.text().contains("keeping the 1 rows"), err.text());
        assertFalse(err.text().contains("NaN") || err.text().contains("out of bounds"), err.text());
        JsonNode rows = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("ar", rows.get(0).get("method").asText());
        assertTrue(rows.get(0).get("perplexity").isNull(), "unknown, not 0: " + rows);
        assertTrue(Files.readString(dir.resolve("bench.md")).contains("| standard | ar |"));
    }

    @Test
    void sigtermDuringTheMethodTableKeepsTheRowsMeasuredInFull() throws Exception {
        String tiny = Fixtures.tinyLlama().toString();
        Path prompts = Files.writeString(tmp.resolve("gsm.jsonl"),
                "{\"question\":\"Tom has 2 apples.\",\"answer\":\"#### 2\"}\n"
                        + "{\"question\":\"Mia has 3 pears.\",\"answer\":\"#### 3\"}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignalOn err = new SignalOn("standard         ar ");
        // speculative follows AR: loading its draft gives the signal time to arrive before the next row
        int code = run(List.of("bench", "--standard", tiny, "--consistency", tiny, "--draft", tiny, "--prompts",
                prompts.toString(), "--methods", "ar,speculative", "--max-new-tokens", "4", "--device", "cpu",
                "--json"),
                out, err);
        assertEquals(143, code, err.text());
        assertFalse(err.text().contains("NaN") || err.text().contains("out of bounds"), err.text());
        JsonNode rows = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("ar", rows.get(0).get("method").asText());
    }
}
