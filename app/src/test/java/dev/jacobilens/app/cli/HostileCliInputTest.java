package dev.jacobilens.app.cli;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options and files that used to give raw exceptions or wrong results with exit 0: each is
 * exit code 2 with one line naming the option or file and the problem, and no exception class.
 */
class HostileCliInputTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        err.reset();
        return new Cli().run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true));
    }

    private void expectRefused(String[] args, String... fragments) {
        assertEquals(2, run(args), err());
        for (String f : fragments) {
            assertTrue(err().contains(f), "'" + err() + "' should mention '" + f + "'");
        }
        assertFalse(err().matches("(?s).*\\b\\w+(Exception|Error)\\b.*"), "a class name reached the user: " + err());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String[] args(String... a) {
        return a;
    }

    @Test
    void numericOptionsMustBeFiniteAndInRange() {
        expectRefused(args("train-base", "--corpus", "c", "--out", "o", "--lr", "NaN"), "--lr", "finite", "NaN");
        expectRefused(args("train-base", "--corpus", "c", "--out", "o", "--lr", "abc"), "--lr must be a number",
                "'abc'");
        expectRefused(args("distill", "--model", "m", "--trajectories", "t", "--out", "o", "--label-smoothing", "2"),
                "--label-smoothing must be between 0 and 1, got 2");
        expectRefused(args("distill", "--model", "m", "--trajectories", "t", "--out", "o", "--lr", "Infinity"),
                "--lr", "finite");
        expectRefused(args("distill", "--model", "m", "--trajectories", "t", "--out", "o", "--temperature", "0.8"),
                "--temperature and --top-p set the sampling of --ar-sampled");
        expectRefused(args("distill", "--model", "m", "--trajectories", "t", "--out", "o", "--ar-sampled", "--top-p",
                "0"), "--top-p");
    }

    @Test
    void aValuedOptionDoesNotSwallowTheNextOption() {
        expectRefused(args("decode", "--model", "m", "--prompt", "--json"), "--prompt needs a value", "--json");
    }

    @Test
    void strayWordsAreRefusedInsteadOfDropped() {
        // an unquoted prompt used to decode "the" alone; a stray word used to be ignored
        expectRefused(args("decode", "--model", "m", "--prompt", "the", "cat", "sat"), "unexpected argument 'cat'",
                "(and 1 more)", "quote");
        expectRefused(args("decode", "--model", "m", "--prompt", "x", "extra"), "unexpected argument 'extra'");
        expectRefused(args("bench", "now"), "unexpected argument 'now'");
        expectRefused(args("collect", "--model", "m", "x"), "unexpected argument 'x'");
    }

    @Test
    void recordTargetsThatCannotBeWrittenAreNamed() {
        String model = Fixtures.tinyLlama().toString();
        String[] base = {"decode", "--model", model, "--prompt", "the cat", "--max-new-tokens", "2", "--device", "cpu",
                "--record"};
        expectRefused(concat(base, "/"), "/: is a folder");
        Path missing = tmp.resolve("no/such/folder/r.json");
        expectRefused(concat(base, missing.toString()), missing.toString(), "does not exist");
        expectRefused(concat(base, "/proc/r.json"), "/proc/r.json", "cannot write in its folder /proc");
    }

    @Test
    void promptsFilesThatAreNotUtf8TextOrAreFoldersAreNamed() throws Exception {
        Path latin1 = tmp.resolve("prompts.jsonl");
        Files.write(latin1, "{\"question\":\"caf\u00e9\",\"answer\":\"1\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        String model = Fixtures.tinyLlama().toString();
        expectRefused(args("eval", "--model", model, "--prompts", latin1.toString(), "--device", "cpu"),
                latin1.toString(), "not valid UTF-8");
        expectRefused(args("eval", "--model", model, "--prompts", tmp.toString(), "--device", "cpu"),
                tmp.toString(), "is a folder");
    }

    @Test
    void collectOnAFileWithoutPromptsIsRefusedAndWritesNothing() throws Exception {
        String model = Fixtures.tinyLlama().toString();
        for (String content : new String[] {"", "  \n\t\n\n"}) {
            Path prompts = Files.writeString(tmp.resolve("blank.txt"), content);
            Path out = tmp.resolve("t.json");
            expectRefused(args("collect", "--model", model, "--prompts", prompts.toString(), "--out", out.toString(),
                    "--device", "cpu"), prompts + ": holds no prompts");
            assertFalse(Files.exists(out), "wrote " + out);
        }
    }

    @Test
    void fifosAsInputsOrOutputsAreRefusedInsteadOfHanging() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        String model = Fixtures.tinyLlama().toString();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            expectRefused(args("collect", "--model", model, "--prompts", fifo.toString(), "--out",
                    tmp.resolve("t.json").toString()), fifo + ": is not a regular file");
            Path prompts = Files.writeString(tmp.resolve("p.txt"), "the cat\n");
            expectRefused(args("collect", "--model", model, "--prompts", prompts.toString(), "--out", fifo.toString()),
                    fifo + ": is not a regular file");
            Path dir = Files.createDirectories(tmp.resolve("openings"));
            assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("train.txt").toString()).start().waitFor());
            expectRefused(args("openings", "--out", dir.toString(), "--train", "3", "--test", "2"),
                    dir.resolve("train.txt") + ": is not a regular file");
        });
    }

    @Test
    void openingsWritesBothFilesOrNeither() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("openings"));
        Path train = Files.writeString(dir.resolve("train.txt"), "the earlier openings\n");
        Files.createDirectories(dir.resolve("test.txt")); // the second write fails, as on a full disk
        expectRefused(args("openings", "--out", dir.toString(), "--train", "3", "--test", "2"),
                dir.resolve("test.txt").toString());
        assertEquals("the earlier openings\n", Files.readString(train), "train.txt was replaced on its own");
    }

    @Test
    void promptFileErrorsNameTheFileAndTheLine() throws Exception {
        Path prompts = Files.writeString(tmp.resolve("p.jsonl"), "{\"prompt\":\"the cat\"}\n{\"prompt\":\" \"}\n");
        expectRefused(args("collect", "--model", Fixtures.tinyLlama().toString(), "--prompts", prompts.toString(),
                "--out", tmp.resolve("t.json").toString(), "--device", "cpu"), prompts + ":2: field \"prompt\" is empty");
        Path latin1 = tmp.resolve("latin1.txt");
        Files.write(latin1, "one\ntwo\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        expectRefused(args("collect", "--model", Fixtures.tinyLlama().toString(), "--prompts", latin1.toString(),
                "--out", tmp.resolve("t.json").toString(), "--device", "cpu"), latin1 + ":3: not valid UTF-8");
    }

    @Test
    void unexpectedErrorsAreWordsNotClassNames() {
        assertEquals("/x: no such file or folder",
                UserMessages.describe(new java.nio.file.NoSuchFileException("/x")));
        String internal = UserMessages.describe(new NegativeArraySizeException());
        assertTrue(internal.startsWith("internal error (") && !internal.contains("NegativeArraySize"), internal);
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
