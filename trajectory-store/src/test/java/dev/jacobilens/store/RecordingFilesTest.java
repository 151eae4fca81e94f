package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFilesTest {
    @TempDir
    Path dir;

    @Test
    void recordingRoundTripsThroughJsonAndGzip() throws IOException {
        Recording original = Trajectories.jacobiRecording();
        for (String name : List.of("r.json", "r.json.gz")) {
            Path file = dir.resolve(name);
            RecordingFiles.write(file, original);
            assertEquals(original, RecordingFiles.readRecording(file));
        }
        byte[] gz = Files.readAllBytes(dir.resolve("r.json.gz"));
        assertEquals(0x1f, gz[0] & 0xff, "a .gz name is written gzip-compressed");
    }

    @Test
    void comparisonRoundTripsAndReportsItsKind() throws IOException {
        Comparison original = new Comparison("Hi", Trajectories.arRecording(4, 5),
                Trajectories.jacobiRecording(), new ArTiming(3, 2, 9, "cpu"), null);
        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, original);
        RecordingFile read = RecordingFiles.read(file);
        assertEquals("comparison", read.kind());
        assertEquals(original, assertInstanceOf(RecordingFile.OfComparison.class, read).comparison());
        assertEquals(List.of(original.standard(), original.consistency()), read.recordings());
        assertThrows(RecordingFormatException.class, () -> RecordingFiles.readRecording(file));
    }

    @Test
    void layoutMatchesTheGoldenFile() throws IOException {
        Path file = dir.resolve("golden.json");
        RecordingFiles.write(file, Trajectories.jacobiRecording());
        assertEquals(resource("golden/recording-v1.json"), Files.readString(file));
    }

    @Test
    void goldenFileReadsBackToTheSameRecording() throws IOException {
        Path file = dir.resolve("golden.json");
        Files.writeString(file, resource("golden/recording-v1.json"));
        assertEquals(Trajectories.jacobiRecording(), RecordingFiles.readRecording(file));
    }

    @Test
    void unknownFieldsAreTolerated() throws IOException {
        String json = resource("golden/recording-v1.json")
                .replace("\"kind\" : \"recording\",", "\"kind\" : \"recording\", \"future\" : {\"x\" : [1]},")
                .replace("\"index\" : 0,", "\"index\" : 0, \"colour\" : \"red\",");
        assertEquals(Trajectories.jacobiRecording(), RecordingFiles.readRecording(write("extra.json", json)));
    }

    @Test
    void emptyFile() {
        assertProblem(write("empty.json", ""), "the file is empty", 0);
    }

    @Test
    void truncatedJsonNamesTheEndOfTheFile() {
        String json = resource("golden/recording-v1.json");
        RecordingFormatException e = assertProblem(write("cut.json", json.substring(0, json.length() / 2)),
                "ends early", -1);
        assertTrue(e.line() > 10, "line of the cut: " + e.line());
    }

    @Test
    void truncatedGzipIsAFormatError() throws IOException {
        Path full = dir.resolve("full.json.gz");
        RecordingFiles.write(full, Trajectories.jacobiRecording());
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.json.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(cut));
        Files.writeString(dir.resolve("plain.json.gz"), "{}");
        assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(dir.resolve("plain.json.gz")));
    }

    @Test
    void wrongTypeNamesTheFieldAndLine() {
        String json = resource("golden/recording-v1.json").replace("\"block_size\" : 5", "\"block_size\" : \"five\"");
        RecordingFormatException e = assertProblem(write("type.json", json), "recording.settings.block_size", 17);
        assertEquals(22, e.column(), e.getMessage()); // where "five" starts
    }

    @Test
    void fractionalIdsAreNotSilentlyTruncated() {
        String json = resource("golden/recording-v1.json").replace("\"prompt_ids\" : [1,3]", "\"prompt_ids\" : [1.5,3]");
        assertProblem(write("float.json", json), "recording.prompt_ids", 23);
    }

    @Test
    void negativeIdIsRejectedWithTheBlockAndState() {
        String json = resource("golden/recording-v1.json").replace("[10,11,93,13,94]", "[10,-11,93,13,94]");
        assertProblem(write("neg.json", json), "block 0, state 1: negative token id -11 at position 1", -1);
    }

    @Test
    void statesOfDifferentLengthAreRejected() {
        String json = resource("golden/recording-v1.json").replace("[10,11,93,13,94]", "[10,11,93,13]");
        assertProblem(write("len.json", json), "block 0: state 1 has 4 ids but state 0 has 5", -1);
    }

    @Test
    void missingFieldIsNamed() {
        String json = resource("golden/recording-v1.json").replace("\"stop_reason\" : \"eos\",", "");
        assertProblem(write("missing.json", json), "stop_reason", -1);
    }

    @Test
    void newerSchemaIsReportedAsSuch() {
        String json = resource("golden/recording-v1.json").replace("\"schema_version\" : 1", "\"schema_version\" : 2")
                .replace("\"prompt_ids\" : [1,3]", "\"prompt_ids\" : {\"v2\" : true}");
        assertProblem(write("v2.json", json), "schema_version 2 by a newer Jacobi Lens", 0);
    }

    @Test
    void notARecordingFile() {
        assertProblem(write("list.json", "[{\"data_id\": \"data_0\"}]"), "CLLM", 1);
        assertProblem(write("nokind.json", "{\"schema_version\": 1}"), "kind is missing", 0);
        assertProblem(write("nopayload.json", "{\"schema_version\": 1, \"kind\": \"recording\"}"),
                "no \"recording\" object", 0);
        assertProblem(write("trailing.json", resource("golden/recording-v1.json") + "{}"),
                "unexpected content after", -1);
    }

    @Test
    void failedWriteLeavesTheExistingFileIntactAndNoTempFiles() throws IOException {
        Path file = write("keep.json", "old content");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old content", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    private RecordingFormatException assertProblem(Path file, String problem, int line) {
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        if (line >= 0) {
            assertEquals(line, e.line(), e.getMessage());
        } else {
            assertTrue(e.line() > 0, "a location is given: " + e.getMessage());
        }
        return e;
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = RecordingFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }
}
