package dev.jacobilens.store;

import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes recordings as a CLLM trajectory file, the training input of the reference consistency
 * trainer (hao-ai-lab/Consistency_LLM, {@code cllm/train_cllm_global.py}): a JSON list with one
 * record per block, fields in the order its collector writes them:
 * <pre>
 * {"data_id": "data_0", "jacobian_itr_id": "itr_1", "prompt_ids_len": [L],
 *  "prompt_ids": [[prompt + fixed points of blocks 0..k-1]],
 *  "answer_trajectory_ids": [[guess], [state 1], ..., [fixed point]],
 *  "teacher_output_ids": [[prompt_ids[0] + fixed point]],
 *  "complete_teacher_output_ids": [prompt + every block's fixed point]}
 * </pre>
 * Recording i of the set becomes {@code data_i}, its k-th block {@code itr_k}. No
 * {@code labels_ids} are written: a recording has no ground-truth answer (train without
 * {@code --use_gt_labels}).
 *
 * <p>How our trajectories map to the reference's. Its collector reruns the whole sequence
 * without a KV cache from a guess whose every position, the block's first included, is random;
 * the fixed point comes out twice and it keeps one copy. We decode with a KV cache and pin the
 * block's first token (the previous pass already predicted it), so our initial guess corresponds
 * to a point one pass into its trajectory; the states are otherwise the same kind of thing:
 * whole blocks after each pass, each n ids. Like the reference we drop the repeated fixed point
 * (our last pass only verifies it), except for a block that converged in one pass, whose two
 * identical states are kept: the trainer samples a state before the last and needs two. The
 * unconverged last block of a cancelled decode is left out: its last state is no fixed point.
 * Ids after EOS inside a block are kept, as the reference keeps them.
 */
public final class CllmExport {
    private CllmExport() {
    }

    /**
     * Writes the recordings to {@code out} atomically (gzip when it ends with {@code .gz}).
     *
     * @throws IllegalArgumentException a recording cannot be expressed in the format (its blocks
     *                                  do not tile the output, e.g. an import that skipped blocks)
     */
    public static void write(Path out, List<Recording> recordings) throws IOException {
        for (int i = 0; i < recordings.size(); i++) {
            String problem = notJacobi(recordings.get(i));
            if (problem != null) {
                throw new IllegalArgumentException("recording " + i + ": " + problem);
            }
            convergedBlocks(i, recordings.get(i)); // fail before touching the file
        }
        AtomicFiles.write(out, stream -> {
            try (JsonGenerator gen = JsonMapping.MAPPER.createGenerator(stream)) {
                gen.writeStartArray();
                for (int i = 0; i < recordings.size(); i++) {
                    forEachRecord(i, recordings.get(i), record -> writeRecord(gen, record));
                }
                gen.writeEndArray();
            }
        });
    }

    /**
     * Why a recording has no CLLM trajectory, or null. The format holds each block's Jacobi
     * iterations; AR, lookahead and speculative decodes record blocks of the tokens one pass
     * accepted, which would come out as "trajectories" of two identical states.
     */
    public static String notJacobi(Recording recording) {
        DecodeMethod method = recording.settings().method();
        if (method instanceof Jacobi) {
            return null;
        }
        return "this " + method.id() + " decode has no Jacobi trajectories to write in the CLLM format (its blocks are"
                + " the tokens each pass accepted); export Jacobi recordings, or use --format csv";
    }

    /** Receives records one at a time. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(CllmRecord record) throws IOException;
    }

    /** The records of recording number {@code dataIndex}, one per converged block. */
    public static List<CllmRecord> records(int dataIndex, Recording recording) {
        List<CllmRecord> records = new ArrayList<>();
        try {
            forEachRecord(dataIndex, recording, records::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a list does not fail
        }
        return records;
    }

    /**
     * Builds each record just before handing it on. Record k repeats the prompt and the k blocks
     * before it, so holding all of a long recording's records at once would take memory growing
     * with the square of its blocks; one at a time it stays linear in the recording.
     */
    public static void forEachRecord(int dataIndex, Recording recording, RecordSink sink) throws IOException {
        int[] prompt = recording.promptIds();
        List<BlockTrajectory> blocks = convergedBlocks(dataIndex, recording);
        int[] complete = prompt;
        for (BlockTrajectory b : blocks) {
            complete = concat(complete, b.fixedPoint());
        }
        int[] sequence = prompt;
        for (BlockTrajectory b : blocks) {
            int[] teacher = concat(sequence, b.fixedPoint());
            sink.accept(new CllmRecord("data_" + dataIndex, b.index(), prompt.length, sequence,
                    referenceTrajectory(b), teacher, complete, null, 0));
            sequence = teacher;
        }
    }

    /** The converged blocks, checked to tile the output from its start. */
    private static List<BlockTrajectory> convergedBlocks(int dataIndex, Recording recording) {
        int[] prompt = recording.promptIds();
        List<BlockTrajectory> blocks = new ArrayList<>();
        for (BlockTrajectory b : recording.blocks()) {
            if (b.acceptedTotal() == b.size()) {
                blocks.add(b);
            }
        }
        long end = 0;
        for (int k = 0; k < blocks.size(); k++) {
            BlockTrajectory b = blocks.get(k);
            if (b.index() != k || b.start() != end) {
                throw new IllegalArgumentException("recording " + dataIndex + ": block " + b.index() + " at "
                        + b.start() + " does not follow the blocks before it (skipped or unconverged blocks"
                        + " cannot be written as a CLLM trajectory)");
            }
            end += b.size();
        }
        return blocks;
    }

    /** The states without the verifying pass's repeat of the fixed point, but never fewer than two. */
    static List<int[]> referenceTrajectory(BlockTrajectory block) {
        List<int[]> states = block.states();
        int last = states.size() - 1;
        if (last >= 2 && Arrays.equals(states.get(last), states.get(last - 1))) {
            return states.subList(0, last);
        }
        return states;
    }

    /** Writes one record object; for writers that stream records as they are produced. */
    public static void writeRecord(JsonGenerator gen, CllmRecord r) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("data_id", r.dataId());
        gen.writeStringField("jacobian_itr_id", r.iterationId());
        gen.writeFieldName("prompt_ids_len");
        gen.writeArray(new int[] {r.promptLength()}, 0, 1);
        gen.writeFieldName("prompt_ids");
        writeBatchOfOne(gen, r.promptIds());
        gen.writeFieldName("answer_trajectory_ids");
        gen.writeStartArray();
        for (int[] state : r.trajectory()) {
            gen.writeArray(state, 0, state.length);
        }
        gen.writeEndArray();
        gen.writeFieldName("teacher_output_ids");
        writeBatchOfOne(gen, r.teacherOutputIds());
        if (r.completeTeacherOutputIds() != null) {
            gen.writeFieldName("complete_teacher_output_ids");
            gen.writeArray(r.completeTeacherOutputIds(), 0, r.completeTeacherOutputIds().length);
        }
        if (r.labelsIds() != null) {
            gen.writeFieldName("labels_ids");
            writeBatchOfOne(gen, r.labelsIds());
        }
        gen.writeEndObject();
    }

    private static void writeBatchOfOne(JsonGenerator gen, int[] ids) throws IOException {
        gen.writeStartArray();
        gen.writeArray(ids, 0, ids.length);
        gen.writeEndArray();
    }

    static int[] concat(int[] a, int[] b) {
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
