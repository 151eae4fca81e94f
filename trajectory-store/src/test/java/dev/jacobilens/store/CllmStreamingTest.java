package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file of 150k records imports record by record, never as a whole. */
class CllmStreamingTest {
    private static final int PROMPTS = 30_000;
    private static final int BLOCKS_PER_PROMPT = 5;
    private static final int BLOCK = 4;

    @TempDir
    Path dir;

    @Test
    void importsA150kRecordFileRecordingByRecording() throws IOException {
        Path file = dir.resolve("big.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            writeSet(out);
        }
        long size = Files.size(file);
        assertTrue(size > 20_000_000, "the file is big: " + size);

        AtomicLong consumed = new AtomicLong();
        List<Long> consumedAtFirst = new ArrayList<>();
        long[] totals = new long[2]; // recordings, blocks
        try (InputStream in = new Counting(Files.newInputStream(file), consumed)) {
            int recordings = CllmImport.forEachRecording(in, file, imported -> {
                if (totals[0] == 0) {
                    consumedAtFirst.add(consumed.get());
                }
                totals[0]++;
                totals[1] += imported.recording().blocks().size();
                assertEquals(1 + BLOCKS_PER_PROMPT * 2, imported.recording().forwardPasses());
            });
            assertEquals(PROMPTS, recordings);
        }
        assertEquals(PROMPTS, totals[0]);
        assertEquals((long) PROMPTS * BLOCKS_PER_PROMPT, totals[1]);
        // The first recording was delivered when a sliver of the file had been read: the import
        // does not load the file first.
        assertTrue(consumedAtFirst.get(0) < size / 100, "read before the first recording: " + consumedAtFirst);
        assertEquals((long) PROMPTS * BLOCKS_PER_PROMPT, CllmImport.forEachRecord(file, record -> { }));
    }

    /** Streams a set in the reference layout: every block's guess is one pass from its fixed point. */
    private static void writeSet(OutputStream out) throws IOException {
        try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            gen.writeStartArray();
            for (int d = 0; d < PROMPTS; d++) {
                int[] prompt = {1, 100 + d % 1000, 7};
                int[] sequence = prompt;
                int[] complete = prompt;
                List<int[]> fixedPoints = new ArrayList<>();
                for (int k = 0; k < BLOCKS_PER_PROMPT; k++) {
                    int[] fixed = new int[BLOCK];
                    for (int j = 0; j < BLOCK; j++) {
                        fixed[j] = 1000 + (d * 31 + k * 7 + j) % 30_000;
                    }
                    fixedPoints.add(fixed);
                    complete = CllmExport.concat(complete, fixed);
                }
                for (int k = 0; k < BLOCKS_PER_PROMPT; k++) {
                    int[] fixed = fixedPoints.get(k);
                    int[] guess = fixed.clone();
                    guess[BLOCK - 1] = 3;
                    int[] teacher = CllmExport.concat(sequence, fixed);
                    CllmExport.writeRecord(gen, new CllmRecord("data_" + d, k, prompt.length, sequence,
                            List.of(guess, fixed), teacher, complete, 0));
                    sequence = teacher;
                }
            }
            gen.writeEndArray();
        }
    }

    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
