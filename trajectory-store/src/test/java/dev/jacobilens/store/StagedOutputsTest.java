package dev.jacobilens.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs replaced together or not at all: a later write failing (a full disk) keeps every earlier file. */
class StagedOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteThatFailsLeavesEveryTargetAsItWasAndNoTemporaryFiles() throws IOException {
        Path md = Files.writeString(tmp.resolve("methods.md"), "the earlier table");
        Path csv = Files.writeString(tmp.resolve("methods.csv"), "the earlier csv");
        OutputFileException e = assertThrows(OutputFileException.class, () -> {
            try (StagedOutputs staged = new StagedOutputs()) {
                staged.addText(md, "the new table");
                staged.add(csv, out -> {
                    out.write("half".getBytes());
                    throw new IOException("No space left on device");
                });
                staged.commit();
            }
        });
        assertTrue(e.getMessage().contains(csv.toString()) && e.getMessage().contains("No space left on device"),
                e.getMessage());
        assertEquals("the earlier table", Files.readString(md));
        assertEquals("the earlier csv", Files.readString(csv));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "a temporary file was left behind");
        }
    }

    @Test
    void everyTargetIsReplacedOnCommitAndGzipNamesAreCompressed() throws IOException {
        Path md = Files.writeString(tmp.resolve("a.md"), "old");
        Path gz = tmp.resolve("b.json.gz");
        try (StagedOutputs staged = new StagedOutputs()) {
            staged.addText(md, "new");
            staged.addText(gz, "{}");
            assertEquals("old", Files.readString(md), "replaced before commit");
            staged.commit();
        }
        assertEquals("new", Files.readString(md));
        byte[] head = Files.readAllBytes(gz);
        assertTrue((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b, "not gzip");
    }
}
