package dev.jacobilens.store.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jacobilens.store.CllmImport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench-import [--mb N]}: generates a CLLM trajectory file of at least N MB (default 100)
 * in the temp directory, imports it streaming, and prints the import rate and the peak heap.
 * The synthetic prompts have 32 blocks of 16 tokens and three states per block, about the
 * shape of the published GSM8K sets.
 */
public final class BenchImportCommand {
    public static final String HELP = """
            Usage: bench-import [--mb N]

            Generates a CLLM trajectory file of at least N MB (default 100) in the temp
            directory, imports it streaming, prints import rate (MB/s) and peak heap, and
            deletes the file. Exit status: 0 done, 2 bad arguments, 1 I/O failure.
            """;
    private static final int BLOCKS = 32;
    private static final int BLOCK = 16;
    private static final int PROMPT = 64;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return Inputs.OK;
        }
        long megabytes = 100;
        if (args.size() == 2 && args.get(0).equals("--mb") && args.get(1).matches("[1-9][0-9]{0,5}")) {
            megabytes = Long.parseLong(args.get(1));
        } else if (!args.isEmpty()) {
            err.println("bench-import: expected [--mb N] (see bench-import --help)");
            return Inputs.BAD_INPUT;
        }
        Path file = null;
        try {
            file = Files.createTempFile("jacobi-lens-bench", ".json");
            long records = generate(file, megabytes * 1_000_000);
            double mb = Files.size(file) / 1e6;
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            int[] blocks = {0};
            int prompts = CllmImport.forEachRecording(file, r -> blocks[0] += r.recording().blocks().size());
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "imported %.1f MB (%d records, %d prompts, %d blocks) in %.2f s: %.1f MB/s%n",
                    mb, records, prompts, blocks[0], seconds, mb / seconds);
            out.printf(Locale.ROOT, "peak heap during import: %.1f MB (max heap %.0f MB)%n", peakHeap() / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
            return Inputs.OK;
        } catch (IOException e) {
            err.println("bench-import: " + e.getMessage());
            return Inputs.FAILED;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    err.println("bench-import: could not delete " + file);
                }
            }
        }
    }

    /** Sum over heap pools of their peaks: an upper bound of the heap in use at any moment. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Streams synthetic prompts in the reference layout until the file reaches {@code bytes}. */
    private static long generate(Path file, long bytes) throws IOException {
        long records = 0;
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            gen.writeStartArray();
            for (int d = 0; Files.size(file) < bytes; d++) { // flushed per prompt, so the size is current
                int[] sequence = new int[PROMPT];
                for (int i = 0; i < PROMPT; i++) {
                    sequence[i] = 1 + (d * 7 + i * 13) % 32_000;
                }
                int[] complete = sequence;
                for (int k = 0; k < BLOCKS; k++) {
                    complete = append(complete, fixedPoint(d, k));
                }
                for (int k = 0; k < BLOCKS; k++) {
                    int[] fixed = fixedPoint(d, k);
                    int[] guess = fixed.clone();
                    int[] middle = fixed.clone();
                    for (int j = 1; j < BLOCK; j++) {
                        guess[j] = (fixed[j] + 1) % 32_000;
                        if (j > BLOCK / 2) {
                            middle[j] = guess[j];
                        }
                    }
                    int[] teacher = append(sequence, fixed);
                    writeRecord(gen, d, k, sequence, List.of(guess, middle, fixed), teacher, complete);
                    sequence = teacher;
                    records++;
                }
                gen.flush();
            }
            gen.writeEndArray();
        }
        return records;
    }

    private static int[] fixedPoint(int d, int k) {
        int[] fixed = new int[BLOCK];
        for (int j = 0; j < BLOCK; j++) {
            fixed[j] = 100 + (d * 31 + k * 17 + j * 5) % 32_000;
        }
        return fixed;
    }

    private static void writeRecord(JsonGenerator gen, int d, int k, int[] prompt, List<int[]> states,
                                    int[] teacher, int[] complete) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("data_id", "data_" + d);
        gen.writeStringField("jacobian_itr_id", "itr_" + k);
        gen.writeFieldName("prompt_ids_len");
        gen.writeArray(new int[] {PROMPT}, 0, 1);
        gen.writeFieldName("prompt_ids");
        gen.writeStartArray();
        gen.writeArray(prompt, 0, prompt.length);
        gen.writeEndArray();
        gen.writeFieldName("answer_trajectory_ids");
        gen.writeStartArray();
        for (int[] s : states) {
            gen.writeArray(s, 0, s.length);
        }
        gen.writeEndArray();
        gen.writeFieldName("teacher_output_ids");
        gen.writeStartArray();
        gen.writeArray(teacher, 0, teacher.length);
        gen.writeEndArray();
        gen.writeFieldName("complete_teacher_output_ids");
        gen.writeArray(complete, 0, complete.length);
        gen.writeEndObject();
    }

    private static int[] append(int[] a, int[] b) {
        int[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
