package dev.jacobilens.store.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        assertTrue(text.contains("recording, tiny, Jacobi n = 5 on cpu, prompt 2 tokens, output 8 tokens"), text);
        assertTrue(text.contains("output tokens (to EOS)          8\n"), text);
        assertTrue(text.contains("forward passes                  6\n"), text);
        assertTrue(text.contains("tokens per pass                 1.333\n"), text);
        assertTrue(text.contains("accepted, after EOS included    10\n"), text);
        assertTrue(text.contains("passes vs AR, estimated         1.5× fewer passes\n"), text);
        assertTrue(text.contains("passes vs AR run                -\n"), text);
        // blocks from 1; block 1 made passes 2 to 5 (pass 1 is the prompt pass); block 2 accepted
        // 5 tokens of which 3 are output
        assertTrue(text.contains("    1      0           4  2-5     1 1 2 1                     1     10.0\n"), text);
        assertTrue(text.contains("    2      5           1  6-6     3                           0      5.0\n"), text);
    }

    @Test
    void inspectShowsAComparisonSideBySideWithMeasuredSpeedup() {
        assertEquals(0, run(new InspectCommand()::run, comparison.toString()));
        String text = out();
        // AR: 11 passes and 100 ms for 10 tokens; Jacobi: 6 passes and 25 ms for 8 output tokens.
        assertTrue(text.contains("passes vs AR run                -            1.5× fewer passes\n"), text);
        assertTrue(text.contains("wall time vs AR run             -            3.2× faster\n"), text);
        assertTrue(text.contains("consistency model, per block:"), text);
    }

    @Test
    void inspectJsonGivesTheFiguresPerLane() throws IOException {
        assertEquals(0, run(new InspectCommand()::run, comparison.toString(), "--json"));
        JsonNode root = new ObjectMapper().readTree(out());
        assertEquals("comparison", root.get("kind").asText());
        JsonNode c = root.get("consistency");
        assertEquals(8, c.get("output_tokens").asInt());
        assertEquals(6, c.get("forward_passes").asInt());
        assertEquals(8.0 / 6, c.get("tokens_per_pass").asDouble(), 1e-12);
        assertEquals(2.5, c.get("iterations_per_block").asDouble(), 1e-12);
        assertEquals((11.0 / 10) / (6.0 / 8), c.get("speedup_passes_vs_ar").asDouble(), 1e-12);
        assertEquals((100.0 / 10) / (25.0 / 8), c.get("speedup_wall_vs_ar").asDouble(), 1e-12);
        assertEquals("3.2× faster", c.get("wall_vs_ar").asText());
        assertEquals("cpu", c.get("device").asText());
        assertEquals(2, c.get("per_block").get(1).get("block").asInt());
        assertEquals(6, c.get("per_block").get(1).get("first_pass").asInt());
        assertEquals(3, c.get("per_block").get(1).get("output_positions").asInt());
        JsonNode s = root.get("standard");
        assertEquals(2, s.get("output_tokens").asInt());
        assertTrue(s.get("speedup_passes_vs_ar").isNull());
        assertTrue(s.get("ar").isNull());

        assertEquals(0, run(new InspectCommand()::run, "--json", recording.toString()));
        JsonNode r = new ObjectMapper().readTree(out());
        assertEquals("recording", r.get("kind").asText());
        assertEquals(8, r.get("output_tokens").asInt());
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
        assertTrue(lines.get(lines.size() - 1).startsWith("c.json.gz,consistency,tiny,2,1,3"), lines.toString());
    }

    @Test
    void exportsCllmOfJacobiRecordingsAndRefusesOtherMethodsByFile() throws IOException {
        Path set = dir.resolve("set.json");
        assertEquals(0, run(new ExportCommand()::run, recording.toString(), comparison.toString(), "--role",
                "consistency", "--format", "cllm", "--out", set.toString()), err());
        List<CllmImport.Imported> back = CllmImport.readAll(set);
        assertEquals(2, back.size());
        assertEquals(dev.jacobilens.store.method.Jacobi.of(5), back.get(1).recording().settings().method(),
                "the comparison's consistency (Jacobi) run");
        // the comparison's standard lane is AR: its "trajectories" would be two identical states per token
        Files.writeString(set, "keep me");
        for (String role : new String[] {"standard", "both"}) {
            assertEquals(2, run(new ExportCommand()::run, comparison.toString(), "--role", role,
                    "--format", "cllm", "--out", set.toString()));
            assertTrue(err().contains(comparison + ": this ar decode has no Jacobi trajectories"), err());
        }
        assertEquals("keep me", Files.readString(set));
    }

    @Test
    void inspectRefusesNegativeDraftPassesAndAnOutputNoPassAccepted() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(recording.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode rec = (com.fasterxml.jackson.databind.node.ObjectNode)
                root.get("recording");
        com.fasterxml.jackson.databind.node.ObjectNode settings = (com.fasterxml.jackson.databind.node.ObjectNode)
                rec.get("settings");
        settings.putObject("parameters").put("draft_passes", "-4");
        Path negative = Files.writeString(dir.resolve("negative.json"), root.toString());
        assertEquals(2, run(new InspectCommand()::run, negative.toString()));
        assertTrue(err().contains(negative.toString()) && err().contains("draft_passes = -4 is negative"), err());

        settings.putObject("parameters");
        com.fasterxml.jackson.databind.node.ArrayNode output = (com.fasterxml.jackson.databind.node.ArrayNode)
                rec.get("output_ids");
        for (int i = 0; i < 5; i++) {
            output.add(7);
        }
        Path longer = Files.writeString(dir.resolve("longer.json"), root.toString());
        assertEquals(2, run(new InspectCommand()::run, longer.toString()));
        assertTrue(err().contains(longer.toString()) && err().contains("the output has 13 tokens but the blocks'"
                + " passes accepted only 10"), err());
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

    @Test
    void pairPutsTwoRecordingsOfOnePromptInAComparison() throws Exception {
        Recording jacobi = fixture("jacobiRecording");
        Recording ofOne = (Recording) fixtureMethod("asJacobiOfOne", Recording.class).invoke(null, jacobi);
        Path other = dir.resolve("one.json.gz");
        RecordingFiles.write(other, ofOne);
        Path target = dir.resolve("pair.json.gz");
        assertEquals(0, run(new PairCommand()::run, recording.toString(), other.toString(), "--out", target.toString()));
        assertTrue(out().contains("comparison of tiny Jacobi and tiny Jacobi"), out());
        Comparison c = RecordingFiles.readComparison(target);
        assertEquals(jacobi, c.standard());
        assertEquals(ofOne, c.consistency());
        assertEquals(jacobi.promptText(), c.promptText());
    }

    @Test
    void pairRefusesDifferentPromptsComparisonsAndMissingFilesLeavingOutUntouched() throws Exception {
        Path ar = dir.resolve("ar.json");
        RecordingFiles.write(ar, (Recording) fixtureMethod("arRecording", int[].class).invoke(null, (Object) new int[] {4}));
        Path target = dir.resolve("kept.json");
        Files.writeString(target, "keep me");
        assertEquals(2, run(new PairCommand()::run, recording.toString(), ar.toString(), "--out", target.toString()));
        assertTrue(err().contains("decode different prompts"), err());
        assertEquals(2, run(new PairCommand()::run, comparison.toString(), recording.toString(), "--out",
                target.toString()));
        assertTrue(err().contains(comparison + ": holds a comparison"), err());
        assertEquals(2, run(new PairCommand()::run, dir.resolve("absent.json").toString(), recording.toString(),
                "--out", target.toString()));
        assertTrue(err().contains("absent.json"), err());
        assertEquals(2, run(new PairCommand()::run, recording.toString(), "--out", target.toString()));
        assertEquals(2, run(new PairCommand()::run, recording.toString(), recording.toString(), "--out",
                recording.toString()));
        assertTrue(err().contains("is also an input"), err());
        assertEquals("keep me", Files.readString(target));
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
