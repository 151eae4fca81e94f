package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one CLLM record straight from the token stream (no tree, no intermediate maps), so a
 * large file costs only the record at hand. Batch nesting is accepted at any depth as long as
 * each level holds one sequence: the reference writes {@code [[...]]}, and its first record of a
 * prompt can come out as {@code [[[...]]]}.
 */
final class CllmRecordParser {
    private static final Pattern ITERATION = Pattern.compile("itr_(\\d{1,9})");

    private final Path file;
    private final JsonParser p;

    CllmRecordParser(Path file, JsonParser parser) {
        this.file = file;
        this.p = parser;
    }

    /** Parses the record whose START_OBJECT is the current token. */
    CllmRecord parse() throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        String dataId = null;
        Integer iteration = null;
        Integer promptLength = null;
        int[] prompt = null;
        List<int[]> trajectory = null;
        int[] teacher = null;
        int[] complete = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "data_id" -> dataId = string(field);
                case "jacobian_itr_id" -> iteration = iteration(string(field));
                case "prompt_ids_len" -> promptLength = promptLength();
                case "prompt_ids" -> prompt = ids(field);
                case "answer_trajectory_ids" -> trajectory = states();
                case "teacher_output_ids" -> teacher = ids(field);
                case "complete_teacher_output_ids" -> complete = ids(field);
                default -> p.skipChildren(); // labels_ids and anything newer
            }
        }
        requireField(dataId, "data_id", line);
        requireField(iteration, "jacobian_itr_id", line);
        requireField(promptLength, "prompt_ids_len", line);
        requireField(prompt, "prompt_ids", line);
        requireField(trajectory, "answer_trajectory_ids", line);
        requireField(teacher, "teacher_output_ids", line);
        return new CllmRecord(dataId, iteration, promptLength, prompt, trajectory, teacher, complete, line);
    }

    private String string(String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw error(field + " must be a string");
        }
        return p.getText();
    }

    private int iteration(String text) throws IOException {
        Matcher m = ITERATION.matcher(text);
        if (!m.matches()) {
            throw error("jacobian_itr_id \"" + text + "\" is not of the form itr_<number>");
        }
        return Integer.parseInt(m.group(1));
    }

    /** A plain integer, or one nested in batch arrays ([L] as the reference writes it). */
    private int promptLength() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return nonNegative("prompt_ids_len");
        }
        int[] value = ids("prompt_ids_len");
        if (value.length != 1) {
            throw error("prompt_ids_len must hold one length, found " + value.length);
        }
        return value[0];
    }

    private List<int[]> states() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error("answer_trajectory_ids must be a list of states");
        }
        List<int[]> states = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            states.add(ids("answer_trajectory_ids[" + states.size() + "]"));
        }
        if (states.isEmpty()) {
            throw error("answer_trajectory_ids is empty");
        }
        return states;
    }

    /** A list of token ids, possibly wrapped in batch arrays of one; current token is its start. */
    private int[] ids(String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error(field + " must be a list of token ids");
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.START_ARRAY) {
            int[] inner = ids(field);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw error(field + " holds more than one sequence; only batch size 1 is supported");
            }
            return inner;
        }
        IntList values = new IntList();
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw error(field + " must hold integer token ids, found " + p.getText());
            }
            values.add(nonNegative(field));
        }
        return values.toArray();
    }

    private int nonNegative(String field) throws IOException {
        if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
            throw error(field + ": " + p.getText() + " is not a valid token id or length");
        }
        return p.getIntValue();
    }

    private void requireField(Object value, String field, int line) throws RecordingFormatException {
        if (value == null) {
            throw new RecordingFormatException(file, "the record starting here has no " + field, line, 1, null);
        }
    }

    RecordingFormatException error(String problem) {
        var at = p.currentTokenLocation();
        return new RecordingFormatException(file, problem, at.getLineNr(), at.getColumnNr(), null);
    }

    /** Growable int array: ids are parsed by the million, boxing them would dominate. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
