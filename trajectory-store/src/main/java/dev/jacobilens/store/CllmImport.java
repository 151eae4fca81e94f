package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.jacobilens.store.method.Jacobi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/**
 * Reads CLLM trajectory files (the layout {@link CllmExport} describes, as published with the
 * CLLM paper) back into recordings, streaming: records are parsed one at a time and a prompt's
 * records are turned into a recording as soon as the next prompt starts, so memory holds one
 * prompt's records, whatever the file's size. The reference writes a prompt's records together;
 * a {@code data_id} that comes back after another one is reported as an error.
 *
 * <p>What an imported recording holds, since the format carries only ids:
 * <ul>
 * <li>prompt ids: the first {@code prompt_ids_len} ids of {@code prompt_ids};
 * <li>one block per record: index = the itr number, start = where its prompt_ids end, states =
 *     {@code answer_trajectory_ids} plus a repeat of the fixed point standing for the verifying
 *     pass the reference ran but did not keep (none is added if the file already repeats it),
 *     accepted counts recomputed by {@link BlockTrajectory#acceptedFromStates}. The reference's
 *     guess does not pin the block's first token, so its first pass often accepts nothing;
 * <li>output ids: {@code complete_teacher_output_ids} (else the last teacher output) after the
 *     prompt, untrimmed: without a tokenizer the EOS id is unknown;
 * <li>unknown, and so empty or zero: prompt and output text, token strings, all wall times,
 *     seed (0), device ("unknown"), stop reason ("unknown"), creation time (null). Model name is
 *     the file's name. Records a cleaned file dropped leave gaps between blocks.
 * </ul>
 */
public final class CllmImport {
    public static final String UNKNOWN = "unknown";

    /** A recording with the {@code data_id} it was imported from. */
    public record Imported(String dataId, Recording recording) {
    }

    private CllmImport() {
    }

    /** Streams the file's records, in file order, to {@code sink}; returns how many there were. */
    public static long forEachRecord(Path file, Consumer<CllmRecord> sink) throws IOException {
        try (InputStream in = RecordingFiles.open(file)) {
            return forEachRecord(in, file, sink);
        }
    }

    /** As {@link #forEachRecord(Path, Consumer)}, from a stream; {@code name} is used in errors. */
    public static long forEachRecord(InputStream in, Path name, Consumer<CllmRecord> sink) throws IOException {
        try (JsonParser p = JsonMapping.MAPPER.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new RecordingFormatException(name, "the file is empty");
            }
            CllmRecordParser records = new CllmRecordParser(name, p);
            if (first != JsonToken.START_ARRAY) {
                throw records.error("a CLLM trajectory file is a JSON list of records; this is not a list"
                        + (first == JsonToken.START_OBJECT ? " (a Jacobi Lens recording? open it as one)" : ""));
            }
            long count = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw records.error("record " + count + " is not a JSON object");
                }
                sink.accept(records.parse());
                count++;
            }
            if (p.nextToken() != null) {
                throw records.error("unexpected content after the list of records");
            }
            return count;
        } catch (JsonProcessingException e) {
            throw JsonMapping.formatError(name, "", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new RecordingFormatException(name, "the gzip data is truncated or corrupt: " + e.getMessage());
        }
    }

    /** Streams one recording per prompt ({@code data_id}) to {@code sink}; returns how many. */
    public static int forEachRecording(Path file, Consumer<Imported> sink) throws IOException {
        try (InputStream in = RecordingFiles.open(file)) {
            return forEachRecording(in, file, sink);
        }
    }

    /** As {@link #forEachRecording(Path, Consumer)}, from a stream; {@code name} is used in errors. */
    public static int forEachRecording(InputStream in, Path name, Consumer<Imported> sink) throws IOException {
        Grouper grouper = new Grouper(name, sink);
        try {
            forEachRecord(in, name, grouper::add);
        } catch (UncheckedFormatException e) {
            throw e.getCause();
        }
        grouper.flush();
        return grouper.emitted;
    }

    /** Reads the whole file into memory; for small files (tests, a handful of prompts). */
    public static List<Imported> readAll(Path file) throws IOException {
        List<Imported> all = new ArrayList<>();
        forEachRecording(file, all::add);
        return all;
    }

    /** Collects one prompt's records and converts them when the prompt changes. */
    private static final class Grouper {
        private final Path file;
        private final Consumer<Imported> sink;
        private final Set<String> finished = new HashSet<>();
        private final List<CllmRecord> group = new ArrayList<>();
        private int emitted;

        Grouper(Path file, Consumer<Imported> sink) {
            this.file = file;
            this.sink = sink;
        }

        void add(CllmRecord record) {
            try {
                if (!group.isEmpty() && !group.get(0).dataId().equals(record.dataId())) {
                    flush();
                }
                if (finished.contains(record.dataId())) {
                    throw new RecordingFormatException(file, record.dataId() + " appears again after other"
                            + " prompts; a prompt's records must be together", record.line(), 1, null);
                }
                group.add(record);
            } catch (RecordingFormatException e) {
                throw new UncheckedFormatException(e);
            }
        }

        void flush() throws RecordingFormatException {
            if (group.isEmpty()) {
                return;
            }
            String dataId = group.get(0).dataId();
            sink.accept(new Imported(dataId, toRecording(file, group)));
            finished.add(dataId);
            group.clear();
            emitted++;
        }
    }

    /** Builds the recording of one prompt from its records (any order). */
    static Recording toRecording(Path file, List<CllmRecord> records) throws RecordingFormatException {
        List<CllmRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(CllmRecord::iteration));
        CllmRecord first = sorted.get(0);
        if (first.promptLength() == 0 || first.promptLength() > first.promptIds().length) {
            throw recordError(file, first, "prompt_ids_len " + first.promptLength() + " does not fit prompt_ids of "
                    + first.promptIds().length + " ids");
        }
        int[] prompt = Arrays.copyOf(first.promptIds(), first.promptLength());
        List<BlockTrajectory> blocks = new ArrayList<>();
        CllmRecord previous = null;
        for (CllmRecord r : sorted) {
            checkRecord(file, r, prompt, previous);
            List<int[]> states = new ArrayList<>(r.trajectory());
            if (states.size() == 1 || !Arrays.equals(states.get(states.size() - 2), r.fixedPoint())) {
                states.add(r.fixedPoint());
            }
            try {
                blocks.add(BlockTrajectory.fromStates(r.iteration(), r.promptIds().length - prompt.length, states));
            } catch (IllegalArgumentException e) {
                throw recordError(file, r, e.getMessage());
            }
            previous = r;
        }
        CllmRecord last = sorted.get(sorted.size() - 1);
        int[] complete = last.completeTeacherOutputIds() != null ? last.completeTeacherOutputIds()
                : last.teacherOutputIds();
        if (!startsWith(complete, prompt)) {
            throw recordError(file, last, "complete_teacher_output_ids does not start with the prompt");
        }
        int[] output = Arrays.copyOfRange(complete, prompt.length, complete.length);
        try {
            return new Recording(new ModelInfo(file.getFileName().toString(), null, null, Map.of()),
                    new DecodeSettings(Jacobi.of(blocks.get(0).size()), 0, output.length, UNKNOWN),
                    "", prompt, 0, blocks, output, "", StopReason.UNKNOWN, Map.of(), 0, null);
        } catch (IllegalArgumentException e) {
            throw recordError(file, first, e.getMessage());
        }
    }

    /** The invariants the reference's collector guarantees and its trainer relies on. */
    private static void checkRecord(Path file, CllmRecord r, int[] prompt, CllmRecord previous)
            throws RecordingFormatException {
        if (previous != null && previous.iteration() == r.iteration()) {
            throw recordError(file, r, "appears twice");
        }
        if (!startsWith(r.promptIds(), prompt)) {
            throw recordError(file, r, "prompt_ids do not start with the prompt of the first record");
        }
        if (previous != null && previous.iteration() == r.iteration() - 1
                && !Arrays.equals(previous.teacherOutputIds(), r.promptIds())) {
            throw recordError(file, r, "prompt_ids are not the previous record's teacher_output_ids");
        }
        if (!Arrays.equals(CllmExport.concat(r.promptIds(), r.fixedPoint()), r.teacherOutputIds())) {
            throw recordError(file, r, "teacher_output_ids are not prompt_ids followed by the last state of"
                    + " answer_trajectory_ids");
        }
    }

    private static boolean startsWith(int[] ids, int[] prefix) {
        return ids.length >= prefix.length && Arrays.equals(ids, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static RecordingFormatException recordError(Path file, CllmRecord r, String problem) {
        return new RecordingFormatException(file, r.dataId() + " " + r.iterationId() + ": " + problem,
                r.line(), r.line() > 0 ? 1 : 0, null);
    }

    /** Carries a format error out of a {@link Consumer}, which cannot throw checked exceptions. */
    private static final class UncheckedFormatException extends RuntimeException {
        UncheckedFormatException(RecordingFormatException cause) {
            super(cause);
        }

        @Override
        public synchronized RecordingFormatException getCause() {
            return (RecordingFormatException) super.getCause();
        }
    }
}
