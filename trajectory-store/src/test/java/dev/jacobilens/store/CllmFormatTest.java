package dev.jacobilens.store;

import dev.jacobilens.store.method.Jacobi;

import static dev.jacobilens.store.Trajectories.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CllmFormatTest {
    @TempDir
    Path dir;

    @Test
    void exportMatchesTheGoldenFile() throws IOException {
        Path out = dir.resolve("set.json");
        CllmExport.write(out, List.of(Trajectories.jacobiRecording(), Trajectories.asJacobiOfOne(Trajectories.arRecording(4, 5))));
        assertEquals(RecordingFilesTest.resource("golden/cllm-v1.json"), Files.readString(out));
    }

    /** What preprocess_distill_data and the trainer rely on, checked record by record. */
    @Test
    void exportKeepsTheReferenceInvariants() throws IOException {
        Path out = dir.resolve("set.json");
        CllmExport.write(out, List.of(Trajectories.jacobiRecording()));
        JsonNode records = new ObjectMapper().readTree(out.toFile());
        assertEquals(2, records.size());
        List<Integer> previousTeacher = null;
        for (int k = 0; k < records.size(); k++) {
            JsonNode r = records.get(k);
            assertEquals("data_0", r.get("data_id").asText());
            assertEquals("itr_" + k, r.get("jacobian_itr_id").asText());
            assertEquals(List.of(2), ints(r.get("prompt_ids_len")));
            List<Integer> prompt = ints(r.get("prompt_ids").get(0));
            List<Integer> teacher = ints(r.get("teacher_output_ids").get(0));
            JsonNode trajectory = r.get("answer_trajectory_ids");
            assertTrue(trajectory.size() >= 2, "the trainer samples a state before the last");
            for (JsonNode state : trajectory) {
                assertEquals(5, state.size());
            }
            List<Integer> expectedTeacher = new ArrayList<>(prompt);
            expectedTeacher.addAll(ints(trajectory.get(trajectory.size() - 1)));
            assertEquals(expectedTeacher, teacher);
            if (previousTeacher != null) {
                assertEquals(previousTeacher, prompt);
            }
            previousTeacher = teacher;
        }
        for (JsonNode r : records) {
            assertEquals(previousTeacher, ints(r.get("complete_teacher_output_ids")));
        }
        // Block 0's verifying pass repeated the fixed point: dropped, as the reference does.
        assertEquals(4, records.get(0).get("answer_trajectory_ids").size());
    }

    @Test
    void roundTripKeepsWhatTheFormatCarries() throws IOException {
        Recording original = Trajectories.jacobiRecording();
        Path out = dir.resolve("set.json.gz");
        CllmExport.write(out, List.of(original, original));
        List<CllmImport.Imported> back = CllmImport.readAll(out);
        assertEquals(List.of("data_0", "data_1"), back.stream().map(CllmImport.Imported::dataId).toList());
        Recording r = back.get(1).recording();
        assertArrayEquals(original.promptIds(), r.promptIds());
        assertEquals(original.blocks().size(), r.blocks().size());
        for (int i = 0; i < r.blocks().size(); i++) {
            BlockTrajectory a = original.blocks().get(i);
            BlockTrajectory b = r.blocks().get(i);
            assertEquals(new BlockTrajectory(a.index(), a.start(), a.states(), a.acceptedPerPass(),
                    new long[a.passes()]), b, "block " + i + " (times are not carried)");
        }
        // The output comes back untrimmed: the recording stopped at EOS (id 2) inside block 2, but
        // the format names no EOS id, so the import cannot tell where the output ended.
        assertArrayEquals(ids(10, 11, 12, 13, 14, 15, 16, 2, 40, 41), r.outputIds());
        assertEquals(Metrics.totals(original).iterationsPerBlock(), Metrics.totals(r).iterationsPerBlock());
        assertEquals(Metrics.totals(original).forwardPasses(), Metrics.totals(r).forwardPasses());
        assertEquals(Jacobi.of(5), r.settings().method());
        assertEquals("set.json.gz", r.model().name());
        assertNull(r.createdAt());
    }

    @Test
    void importsTheReferenceCollectorsShapes() throws IOException {
        // itr_0 as the collector writes it for GSM8K: [[[prompt]]], [L], a random (unpinned) guess,
        // no repeated fixed point, labels_ids; itr_1 with [[prompt]] and a plain integer length.
        String json = """
                [{"data_id": "data_7", "jacobian_itr_id": "itr_0", "prompt_ids_len": [3],
                  "prompt_ids": [[[1, 5, 6]]],
                  "answer_trajectory_ids": [[6, 6, 5], [8, 6, 5], [8, 9, 4], [8, 9, 3]],
                  "labels_ids": [[1, 5, 6, 8, 9, 3]], "teacher_output_ids": [[1, 5, 6, 8, 9, 3]],
                  "complete_teacher_output_ids": [1, 5, 6, 8, 9, 3, 2, 2, 2]},
                 {"data_id": "data_7", "jacobian_itr_id": "itr_1", "prompt_ids_len": 3,
                  "prompt_ids": [[1, 5, 6, 8, 9, 3]], "answer_trajectory_ids": [[5, 5, 5], [2, 2, 2]],
                  "teacher_output_ids": [[1, 5, 6, 8, 9, 3, 2, 2, 2]], "future_field": {"a": [1]},
                  "complete_teacher_output_ids": [1, 5, 6, 8, 9, 3, 2, 2, 2]}]
                """;
        Recording r = CllmImport.readAll(Files.writeString(dir.resolve("ref.json"), json)).get(0).recording();
        assertArrayEquals(ids(1, 5, 6), r.promptIds());
        BlockTrajectory b0 = r.blocks().get(0);
        assertEquals(5, b0.states().size(), "the verifying pass is restored");
        assertArrayEquals(ids(0, 1, 1, 1), b0.acceptedPerPass(), "an unpinned guess accepts nothing at first");
        assertEquals(3, r.blocks().get(1).start());
        assertArrayEquals(ids(0, 3), r.blocks().get(1).acceptedPerPass());
        assertArrayEquals(ids(8, 9, 3, 2, 2, 2), r.outputIds());
        assertEquals(1 + 4 + 2, r.forwardPasses());
    }

    @Test
    void recordErrorsNameDataIdIterationAndLine() throws IOException {
        assertImportError("[{\"data_id\": \"data_0\", \"jacobian_itr_id\": \"itr_0\", \"prompt_ids_len\": [1],\n"
                + "\"prompt_ids\": [[1]], \"answer_trajectory_ids\": [[4, 5], [4, 5]],\n"
                + "\"teacher_output_ids\": [[1, 4, 6]]}]", "data_0 itr_0: teacher_output_ids are not", 1);
        assertImportError(record("[[4, 5], [4]]", "[[1, 4]]"), "state 1 has 1 ids but state 0 has 2", 1);
        assertImportError(record("[[4, -5], [4, 5]]", "[[1, 4, 5]]"), "answer_trajectory_ids[0]: -5", 2);
        assertImportError(record("[[4, 5.0], [4, 5]]", "[[1, 4, 5]]"), "integer token ids, found 5.0", 2);
        assertImportError(record("[[4, 5], [4, 5]]", "[[1, 4, 5], [1, 4, 5]]"), "batch size 1", 3);
        assertImportError(record("[[4, 5], [4, 5]]", "\"x\"").replace("itr_0", "iteration 0"), "itr_<number>", 1);
        assertImportError(record("[[4, 5], [4, 5]]", "[[1, 4, 5]]").replace(", \"prompt_ids_len\": [1]", ""),
                "has no prompt_ids_len", 1);
        assertImportError("", "the file is empty", 0);
        assertImportError("{\"schema_version\": 1}", "not a list (a Jacobi Lens recording?", 1);
        String whole = record("[[4, 5], [4, 5]]", "[[1, 4, 5]]");
        assertImportError(whole.substring(0, whole.length() - 12), "ends early", -1);
        String twice = whole.substring(0, whole.length() - 1) + ", "
                + record("[[4, 5], [4, 5]]", "[[1, 4, 5]]").replace("data_0", "data_1").substring(1, whole.length() - 1)
                + ", " + whole.substring(1);
        assertImportError(twice, "data_0 appears again", -1);
    }

    private static String record(String trajectory, String teacher) {
        return "[{\"data_id\": \"data_0\", \"jacobian_itr_id\": \"itr_0\", \"prompt_ids_len\": [1],\n"
                + "\"prompt_ids\": [[1]], \"answer_trajectory_ids\": " + trajectory + ",\n"
                + "\"teacher_output_ids\": " + teacher + "}]";
    }

    private void assertImportError(String content, String problem, int line) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), content);
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> CllmImport.readAll(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        if (line >= 0) {
            assertEquals(line, e.line(), e.getMessage());
        } else {
            assertTrue(e.line() > 0, e.getMessage());
        }
    }

    @Test
    void exportRefusesARecordingWithSkippedBlocksAndLeavesTheOutputAlone() throws IOException {
        Recording full = Trajectories.jacobiRecording();
        Recording gap = new Recording(full.model(), full.settings(), full.promptText(), full.promptIds(), 0,
                List.of(full.blocks().get(1)), java.util.Arrays.copyOf(full.outputIds(),
                        full.blocks().get(1).acceptedTotal()), "", StopReason.EOS, null, 0, null);
        Path out = Files.writeString(dir.resolve("out.json"), "precious");
        var e = assertThrows(IllegalArgumentException.class,
                () -> CllmExport.write(out, List.of(full, gap)));
        assertTrue(e.getMessage().contains("recording 1: block 1"), e.getMessage());
        assertEquals("precious", Files.readString(out));
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.intValue()));
        return values;
    }
}
