package dev.jacobilens.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outputs and inputs that used to be mishandled: links replaced by files, FIFOs and devices
 * replaced, 0600 modes, raw exceptions for folders, two writers on one output, recordings whose
 * counts overflow, and exports whose memory grew with the square of the blocks.
 */
class HostileFilesTest {
    @TempDir
    Path tmp;

    private static void writeText(Path target, String text) throws IOException {
        AtomicFiles.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void mkfifo(Path file) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", file.toString()).start().waitFor());
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws IOException {
        Path real = tmp.resolve("real.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), real.getFileName());
        writeText(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertEquals("new", Files.readString(real));
    }

    @Test
    void anExistingFileKeepsItsPermissionsAndANewFileGetsTheUmaskMode() throws IOException {
        Path shared = tmp.resolve("shared.json");
        Files.writeString(shared, "old");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(shared, mode);
        writeText(shared, "new");
        assertEquals(mode, Files.getPosixFilePermissions(shared));

        Path fresh = tmp.resolve("fresh.json");
        writeText(fresh, "x");
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "x"); // what any new file gets
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));
    }

    @Test
    void nonRegularTargetsAreRefusedByName() throws Exception {
        Path fifo = tmp.resolve("pipe");
        mkfifo(fifo);
        OutputFileException e = assertThrows(OutputFileException.class, () -> writeText(fifo, "x"));
        assertTrue(e.getMessage().startsWith(fifo + ": ") && e.getMessage().contains("FIFO"), e.getMessage());
        assertFalse(Files.isRegularFile(fifo), "the FIFO was replaced");

        OutputFileException dev = assertThrows(OutputFileException.class, () -> writeText(Path.of("/dev/null"), "x"));
        assertTrue(dev.getMessage().contains("/dev/null") && dev.getMessage().contains("not a regular file"),
                dev.getMessage());
        OutputFileException root = assertThrows(OutputFileException.class, () -> writeText(Path.of("/"), "x"));
        assertTrue(root.getMessage().contains("folder"), root.getMessage());
        Path missing = tmp.resolve("no/such/dir/out.json");
        OutputFileException gone = assertThrows(OutputFileException.class, () -> writeText(missing, "x"));
        assertTrue(gone.getMessage().contains(missing.toString()) && gone.getMessage().contains("does not exist"),
                gone.getMessage());
        OutputFileException proc = assertThrows(OutputFileException.class,
                () -> writeText(Path.of("/proc/jacobi-lens.json"), "x"));
        assertTrue(proc.getMessage().startsWith("/proc/jacobi-lens.json: cannot write in its folder /proc"),
                proc.getMessage());
    }

    @Test
    void aSecondWriterOnTheSameOutputIsRefusedByName() throws IOException {
        Path out = tmp.resolve("out.json");
        Path lockFile = tmp.resolve(".out.json.lock");
        try (OutputLock first = OutputLock.acquire(lockFile, out)) {
            OutputFileException e = assertThrows(OutputFileException.class, () -> OutputLock.acquire(lockFile, out));
            assertTrue(e.getMessage().startsWith(out + ": another jacobi-lens run is writing it"), e.getMessage());
        }
        OutputLock.acquire(lockFile, out).close(); // released: the next run gets it
    }

    @Test
    void inputsThatAreNotRegularFilesAreRefusedWithoutHanging() throws Exception {
        Path fifo = tmp.resolve("recording.json");
        mkfifo(fifo);
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> RecordingFiles.read(fifo)));
        assertTrue(e.getMessage().contains(fifo.toString()) && e.getMessage().contains("FIFO"), e.getMessage());
        IOException dir = assertThrows(IOException.class, () -> RecordingFiles.read(tmp));
        assertTrue(dir.getMessage().contains("folder"), dir.getMessage());
    }

    @Test
    void countsThatOverflowAreRefusedWhenLoading() throws IOException {
        Path file = tmp.resolve("r.json");
        RecordingFiles.write(file, Trajectories.jacobiRecording());
        String text = Files.readString(file);
        // Two passes whose accepted counts wrap an int sum to a small number.
        String hostile = text.replaceFirst("\"accepted_per_pass\" : \\[[^]]*\\]",
                "\"accepted_per_pass\" : [2147483647,2147483647,2,1]");
        assertFalse(hostile.equals(text), "the fixture's layout changed");
        Files.writeString(file, hostile);
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("accept"), e.getMessage());

        Files.writeString(file, text.replaceFirst("\"start\" : 5", "\"start\" : 2147483645"));
        RecordingFormatException start = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(file));
        assertTrue(start.getMessage().contains("overflows"), start.getMessage());
    }

    @Test
    void exportHandsRecordsOnOneAtATimeAndWritesWhatTheListHolds() throws IOException {
        int[] tokens = new int[400];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 5 + i % 50;
        }
        Recording r = Trajectories.asJacobiOfOne(Trajectories.arRecording(tokens));
        List<CllmRecord> listed = CllmExport.records(0, r);
        List<Integer> seen = new ArrayList<>();
        CllmExport.forEachRecord(0, r, rec -> seen.add(rec.iteration()));
        assertEquals(tokens.length, seen.size());
        for (int k = 0; k < seen.size(); k++) {
            assertEquals(listed.get(k).iteration(), seen.get(k));
        }
        Path out = tmp.resolve("cllm.json");
        CllmExport.write(out, List.of(r));
        assertEquals(tokens.length, CllmImport.forEachRecord(out, rec -> { }));
    }
}
