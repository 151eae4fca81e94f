package dev.jacobilens.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.store.InputFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GSM8K's JSON-lines format: one object per line with string fields {@code question} and
 * {@code answer}; other fields (real GSM8K's test split has {@code source}, {@code target}, ...)
 * are ignored. Blank lines are skipped.
 */
public final class GsmJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GsmJsonl() {}

    public static List<Problem> read(Path file) throws IOException {
        InputFiles.require(file);
        List<Problem> problems = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    problems.add(parse(file, lineNumber, line));
                }
            }
        } catch (CharacterCodingException e) {
            throw new MalformedJsonlException(file, lineNumber + 1, "not valid UTF-8 text");
        }
        return problems;
    }

    public static void write(Path file, List<Problem> problems) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Problem p : problems) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("question", p.question());
                fields.put("answer", p.answer());
                out.write(JSON.writeValueAsString(fields));
                out.write('\n');
            }
        }
    }

    private static Problem parse(Path file, int lineNumber, String line) throws IOException {
        JsonNode node = object(file, lineNumber, line);
        return new Problem(text(node, "question", file, lineNumber), text(node, "answer", file, lineNumber));
    }

    /** A JSONL line as a JSON object; anything else is a {@link MalformedJsonlException} naming the line. */
    static JsonNode object(Path file, int lineNumber, String line) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonlException(file, lineNumber, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new MalformedJsonlException(file, lineNumber, "expected a JSON object, found " + node.getNodeType());
        }
        return node;
    }

    /** A string field of a JSONL object; missing or not a string is a {@link MalformedJsonlException}. */
    static String text(JsonNode node, String field, Path file, int lineNumber) throws IOException {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new MalformedJsonlException(file, lineNumber, "missing field \"" + field + "\"");
        }
        if (!value.isTextual()) {
            throw new MalformedJsonlException(file, lineNumber,
                    "field \"" + field + "\" must be a string, found " + value.getNodeType());
        }
        return value.asText();
    }
}
