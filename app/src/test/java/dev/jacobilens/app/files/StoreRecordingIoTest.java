package dev.jacobilens.app.files;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreRecordingIoTest {
    private final RecordingIo io = new StoreRecordingIo();

    @Test
    void comparisonsRoundTrip(@TempDir Path dir) throws IOException {
        Comparison comparison = TestRecordings.comparison(2, 4);
        Path file = dir.resolve("c.json");
        io.save(file, comparison);
        OpenedFile opened = io.open(file);
        assertNull(opened.recording());
        Comparison back = opened.comparison();
        assertEquals(comparison.promptText(), back.promptText());
        assertEquals(comparison.standardAr(), back.standardAr());
        assertSame(comparison.standard(), back.standard());
        assertSame(comparison.consistency(), back.consistency());
    }

    @Test
    void singleRecordingsRoundTrip(@TempDir Path dir) throws IOException {
        Recording recording = TestRecordings.comparison(1, 4).standard();
        Path file = dir.resolve("r.json");
        io.save(file, recording);
        assertSame(recording, io.open(file).recording());
    }

    @Test
    void brokenFilesGiveAMessageNamingTheFile(@TempDir Path dir) throws IOException {
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"standard\": [1, 2");
        IOException e = assertThrows(IOException.class, () -> io.open(notJson));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());

        Path wrongShape = Files.writeString(dir.resolve("list.json"), "[1, 2, 3]");
        assertTrue(assertThrows(IOException.class, () -> io.open(wrongShape)).getMessage().contains("list.json"));

        Path noBlocks = Files.writeString(dir.resolve("empty.json"), "{\"promptText\": \"hi\"}");
        assertTrue(assertThrows(IOException.class, () -> io.open(noBlocks)).getMessage().contains("empty.json"));
    }

    private static void assertSame(Recording expected, Recording actual) {
        assertEquals(expected.model(), actual.model());
        assertEquals(expected.settings(), actual.settings());
        assertArrayEquals(expected.outputIds(), actual.outputIds());
        assertEquals(expected.tokenStrings(), actual.tokenStrings());
        assertEquals(expected.createdAt(), actual.createdAt());
        assertEquals(expected.blocks().size(), actual.blocks().size());
        for (int b = 0; b < expected.blocks().size(); b++) {
            assertArrayEquals(expected.blocks().get(b).acceptedPerPass(), actual.blocks().get(b).acceptedPerPass());
            for (int k = 0; k < expected.blocks().get(b).states().size(); k++) {
                assertArrayEquals(expected.blocks().get(b).states().get(k), actual.blocks().get(b).states().get(k));
            }
        }
    }
}
