package dev.jacobilens.app.cli;

import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.store.OutputLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench} refuses what would give a wrong table or cost measured rows, before it decodes
 * anything: mixed tokenizers, empty method lists, options that do not fit, unreadable --append
 * and --from files, an --out that is taken or blocked. And --out holds exactly one run.
 */
class BenchReliabilityTest {
    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    /** Refused with exit 2, naming each fragment, and before any problem was decoded. */
    private void refusedBeforeDecoding(List<String> args, String... fragments) {
        cli.expectRefused(args, fragments);
        assertFalse(cli.err().contains("problem 1/") || cli.err().contains("problems: accuracy"),
                "decoded before refusing: " + cli.err());
    }

    private Path gsm(int problems) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < problems; i++) {
            sb.append("{\"question\":\"Tom has ").append(i + 2).append(" apples. How many?\",\"answer\":\"#### ")
                    .append(i + 2).append("\"}\n");
        }
        return Files.writeString(tmp.resolve("gsm.jsonl"), sb.toString());
    }

    private List<String> methodBench(String... more) throws Exception {
        String tiny = Fixtures.tinyLlama().toString();
        List<String> a = new ArrayList<>(List.of("bench", "--standard", tiny, "--consistency", tiny, "--draft", tiny,
                "--prompts", gsm(2).toString(), "--max-new-tokens", "3", "--device", "cpu", "--json"));
        a.addAll(Arrays.asList(more));
        return a;
    }

    private List<String> pairBench(String... more) throws Exception {
        String tiny = Fixtures.tinyLlama().toString();
        Path prompts = Files.writeString(tmp.resolve("free.txt"), "the cat\n");
        List<String> a = new ArrayList<>(List.of("bench", "--standard", tiny, "--consistency", tiny, "--prompts",
                prompts.toString(), "--max-new-tokens", "3", "--block-size", "2", "--device", "cpu", "--json"));
        a.addAll(Arrays.asList(more));
        return a;
    }

    @Test
    void modelsWithDifferentTokenizersAreNotCompared() throws Exception {
        String stories = Fixtures.stories260k().toString();
        refusedBeforeDecoding(pairBench("--consistency", stories), "--consistency " + stories,
                "tokenizer.json differs from --standard");
        refusedBeforeDecoding(methodBench("--consistency", stories), "--consistency " + stories, "tokenizer.json");
        refusedBeforeDecoding(methodBench("--draft", stories), "--draft " + stories, "tokenizer.json");
    }

    @Test
    void methodListsAndSizesThatCannotRunAreRefusedFirst() throws Exception {
        refusedBeforeDecoding(methodBench("--methods", ",,"), "--methods names no method");
        // the method type's limits refuse these first, naming the option and its range
        refusedBeforeDecoding(methodBench("--block-size", "100000"), "(--block-size) must be 1 to", "got 100000");
        refusedBeforeDecoding(methodBench("--draft-tokens", "100000"), "(--draft-tokens) must be 1 to", "got 100000");
        refusedBeforeDecoding(pairBench("--block-size", "100000"), "(--block-size) must be 1 to", "got 100000");
        Path notModel = Files.createDirectories(tmp.resolve("not-a-model"));
        refusedBeforeDecoding(methodBench("--draft", notModel.toString()), "--draft " + notModel,
                "not a model folder");
        refusedBeforeDecoding(pairBench("--window", "4"), "--window belongs to the table of every method");
    }

    @Test
    void aPromptTooLongForTheModelIsNamedByFileAndNumberBeforeDecoding() throws Exception {
        Path prompts = Files.writeString(tmp.resolve("long.txt"), "the cat\n" + "the dog ".repeat(5000) + "\n");
        String tiny = Fixtures.tinyLlama().toString();
        refusedBeforeDecoding(List.of("bench", "--standard", tiny, "--consistency", tiny, "--prompts",
                prompts.toString(), "--device", "cpu"), prompts + ": prompt 2 (\"the dog the dog", "tokens but --standard",
                "max_position_embeddings");
        refusedBeforeDecoding(List.of("collect", "--model", tiny, "--prompts", prompts.toString(), "--out",
                tmp.resolve("t.json").toString(), "--device", "cpu"), prompts + ": prompt 2", "--model");
    }

    @Test
    void appendAndFromFilesAreCheckedBeforeMeasuringAndNamedByTheirOption() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.json"), "{\"x\": 1}");
        refusedBeforeDecoding(methodBench("--append", junk.toString()), "--append: " + junk);
        Path fifo = tmp.resolve("fifo.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        refusedBeforeDecoding(methodBench("--append", fifo.toString()), fifo + ": is not a regular file");
        refusedBeforeDecoding(List.of("bench", "--from", junk.toString()), "--from: " + junk);
        assertFalse(cli.err().contains("--append"), cli.err());
        refusedBeforeDecoding(List.of("bench", "--from", junk.toString(), "--standard", "x"),
                "--standard would change what is measured");
        refusedBeforeDecoding(List.of("bench", "--prompts", fifo.toString()), fifo + ": is not a regular file");
    }

    @Test
    void anOutFolderTakenByAnotherRunOrBlockedIsRefusedFirst() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out"));
        try (OutputLock held = OutputLock.acquire(dir.resolve(".jacobi-lens.lock"), dir)) {
            refusedBeforeDecoding(pairBench("--out", dir.toString()), dir.toString(), "another jacobi-lens run");
        }
        Path blocked = Files.createDirectories(tmp.resolve("blocked"));
        assertEquals(0, new ProcessBuilder("mkfifo", blocked.resolve("methods.md").toString()).start().waitFor());
        refusedBeforeDecoding(methodBench("--out", blocked.toString()), blocked.resolve("methods.md").toString(),
                "not a regular file");
    }

    @Test
    void outHoldsOnlyThisRunsRecordingsAndKeepsOtherFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out").resolve("recordings")).getParent();
        Path stale = Files.writeString(dir.resolve("recordings/problem-009.json.gz"), "an earlier run's");
        Path mine = Files.writeString(dir.resolve("recordings/notes.txt"), "the user's");
        assertEquals(0, cli.run(pairBench("--out", dir.toString())), cli.err());
        assertTrue(Files.isRegularFile(dir.resolve("recordings/problem-001.json.gz")), cli.err());
        assertFalse(Files.exists(stale), "a recording of an earlier run was left beside this run's");
        assertTrue(Files.exists(mine));
        assertTrue(Files.readString(dir.resolve("bench.md")).contains("| standard | ar |"));
    }

    @Test
    void fromPrintsASavedTableAndLeavesTheRecordingsItHasNoneOf() throws Exception {
        dev.jacobilens.engine.bench.MethodBenchmark.Result saved = new dev.jacobilens.engine.bench.MethodBenchmark.Result(
                "cpu()", 2, List.of(new dev.jacobilens.engine.bench.MethodBenchmark.Row("standard-ar", "standard",
                dev.jacobilens.store.method.Autoregressive.INSTANCE, "", 0.5, 100, 0, 99, 2.0, 0, 0, 0, List.of())));
        Path file = Files.writeString(tmp.resolve("saved.json"), MethodTable.json(saved).toString());
        Path dir = Files.createDirectories(tmp.resolve("out").resolve("recordings")).getParent();
        Path recording = Files.writeString(dir.resolve("recordings/lookahead-000.json.gz"), "measured earlier");
        assertEquals(0, cli.run(List.of("bench", "--from", file.toString(), "--out", dir.toString())), cli.err());
        assertTrue(Files.readString(dir.resolve("methods.md")).contains("| standard | ar |"));
        assertTrue(Files.exists(recording), "--from removed recordings it has no replacement for");
    }
}
