package dev.jacobilens.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new CorpusCommand().run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesCorpusAndTokenizerAndReportsFigures() throws IOException {
        Path dir = tmp.resolve("corpus");
        assertEquals(0, run("--out", dir.toString(), "--train", "300", "--test", "30", "--seed", "3"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        for (String file : List.of("train.jsonl", "test.jsonl", "corpus.json", "tokenizer.json", "tokenizer_config.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertEquals(300, GsmJsonl.read(dir.resolve("train.jsonl")).size());
        assertEquals(30, GsmJsonl.read(dir.resolve("test.jsonl")).size());
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("300 train and 30 test problems, seed 3"), report);
        assertTrue(report.matches("(?s).*answer tokens, train: mean \\d+\\.\\d, min \\d+, max \\d+.*"), report);
        assertTrue(report.contains("families (train/test): total "), report);
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        Path dir = tmp.resolve("never");
        List<List<String>> cases = List.of(
                List.of(),
                List.of("--out"),
                List.of("--out", dir.toString(), "--train", "many"),
                List.of("--out", dir.toString(), "--test", "0"),
                List.of("--out", dir.toString(), "--seed", "1.5"),
                List.of("--out", dir.toString(), "--bogus", "1"));
        for (List<String> args : cases) {
            out.reset();
            err.reset();
            assertEquals(2, run(args.toArray(String[]::new)), args.toString());
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.startsWith("corpus: ") && message.indexOf('\n') == message.length() - 1,
                    args + " gave: " + message);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
        assertTrue(Files.notExists(dir));
    }

    @Test
    void unwritableOutputExitsOneNamingThePath() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        assertEquals(1, run("--out", file.toString(), "--train", "5", "--test", "5"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals("corpus: " + file + ": exists and is not a directory\n", message);
    }
}
