package dev.jacobilens.store.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.CllmImport;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path recording;
    private Path comparison;

    @BeforeEach
    void files() throws Exception {
        Recording jacobi = fixture("jacobiRecording");
        Recording ar = (Recording) fixtureMethod("arRecording", int[].class).invoke(null, (Object) new int[] {4, 5});
        recording = dir.resolve("r.json");
        RecordingFiles.write(recording, jacobi);
        comparison = dir.resolve("c.json.gz");
        RecordingFiles.write(comparison, new Comparison("Hi", ar, jacobi, null, new ArTiming(11, 10, 100_000_000,
                "cpu")));
    }

    @Test
    void inspectPrintsAlignedTotalsAndBlocks() {
        assertEquals(0, run(new InspectCommand()::run, recording.toString()));
        String text = out();
        assertTrue(text.contains("recording, tiny, jacobi n=5 on cpu"), text);
        assertTrue(text.contains("mean accepted tokens per pass    2.00"), text);
        assertTrue(text.contains("forward passes                      6"), text);
        assertTrue(text.contains("speedup in passes vs AR run         -"), text);
        assertTrue(text.contains("    0      0           4  1 1 2 1                     1     10.0"), text);
    }

    @Test
    void inspectShowsAComparisonSideBySideWithMeasuredSpeedup() {
        assertEquals(0, run(new InspectCommand()::run, comparison.toString()));
        String text = out();
        assertTrue(text.contains("speedup in passes vs AR run            -        1.83x"), text);
        assertTrue(text.contains("speedup in wall time vs AR run         -        4.00x"), text);
        assertTrue(text.contains("consistency model, per block:"), text);
    }

    @Test
    void inspectReportsBadInputOnOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"schema_version\": 1, \"kind\": \"recording\",");
        assertEquals(2, run(new InspectCommand()::run, bad.toString()));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("inspect: " + bad + " (line 1"), err());
        assertEquals(2, run(new InspectCommand()::run, dir.resolve("missing.json").toString()));
        assertTrue(err().contains("missing.json: no such file"), err());
        assertEquals(2, run(new InspectCommand()::run));
        assertEquals(0, run(new InspectCommand()::run, "--help"));
        assertTrue(out().startsWith("Usage: inspect FILE"));
    }

    @Test
    void exportsCsvOfSeveralFiles() throws IOException {
        Path csv = dir.resolve("m.csv");
        assertEquals(0, run(new ExportCommand()::run, recording.toString(), comparison.toString(),
                "--format", "csv", "--out", csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 5 + 2 + 5, lines.size());
        assertTrue(lines.get(lines.size() - 1).startsWith("c.json.gz,consistency,tiny,1,1,5"), lines.toString());
    }

    @Test
    void exportsCllmTakingTheStandardRecordingOfAComparison() throws IOException {
        Path set = dir.resolve("set.json");
        assertEquals(0, run(new ExportCommand()::run, recording.toString(), comparison.toString(),
                "--format", "cllm", "--out", set.toString()));
        List<CllmImport.Imported> back = CllmImport.readAll(set);
        assertEquals(2, back.size());
        assertEquals(1, back.get(1).recording().settings().blockSize(), "the comparison's standard (AR) run");
        assertEquals(0, run(new ExportCommand()::run, comparison.toString(), "--role", "both",
                "--format", "cllm", "--out", set.toString()));
        assertEquals(2, CllmImport.readAll(set).size());
    }

    @Test
    void failedExportLeavesAnExistingOutputIntact() throws IOException {
        Path target = Files.writeString(dir.resolve("out.csv"), "keep me");
        Path bad = Files.writeString(dir.resolve("bad.json"), "");
        assertEquals(2, run(new ExportCommand()::run, recording.toString(), bad.toString(),
                "--format", "csv", "--out", target.toString()));
        assertEquals("export: " + bad + ": the file is empty", err().strip());
        assertEquals("keep me", Files.readString(target));
        assertEquals(2, run(new ExportCommand()::run, recording.toString(), "--format", "cllm",
                "--out", recording.toString()));
        assertTrue(err().contains("is also an input"), err());
        assertEquals(recording.toFile().length(), Files.size(recording));
    }

    @Test
    void exportArgumentErrors() {
        assertEquals(2, run(new ExportCommand()::run, recording.toString(), "--format", "xml", "--out", "x"));
        assertTrue(err().contains("--format must be cllm or csv"), err());
        assertEquals(2, run(new ExportCommand()::run, recording.toString(), "--out"));
        assertEquals(2, run(new ExportCommand()::run, "--format", "csv", "--out", "x"));
        assertEquals(2, run(new ExportCommand()::run, recording.toString(), "--bogus"));
        assertEquals(0, run(new ExportCommand()::run, "--help"));
        assertTrue(out().contains("--format cllm"), out());
    }

    @Test
    void benchImportReportsRateAndPeakHeap() {
        assertEquals(0, run(new BenchImportCommand()::run, "--mb", "2"));
        assertTrue(out().matches("(?s)imported [0-9.]+ MB \\(\\d+ records, \\d+ prompts, \\d+ blocks\\) in .* MB/s\\s+"
                + "peak heap during import: [0-9.]+ MB .*"), out());
        assertEquals(2, run(new BenchImportCommand()::run, "--mb", "0"));
    }

    private interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private int run(Command command, String... args) {
        out.reset();
        err.reset();
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    // The shared fixtures live package-private in dev.jacobilens.store.
    private static Recording fixture(String name) throws Exception {
        return (Recording) fixtureMethod(name).invoke(null);
    }

    private static Method fixtureMethod(String name, Class<?>... types) throws Exception {
        Method m = Class.forName("dev.jacobilens.store.Trajectories").getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
    }
}
