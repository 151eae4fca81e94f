package dev.jacobilens.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a collection's progress file ({@code OUT.partial.jsonl}) back, tolerating what a
 * crash or a full disk leaves: a last line cut anywhere, even inside a UTF-8 sequence. Such a
 * line belongs to a prompt without its "done" line, which is collected again.
 */
final class CollectionProgress {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CollectionProgress() {
    }

    /** The file's complete lines, plus a torn last one (decoded leniently; it is dropped anyway). */
    static List<String> readLines(Path partial) throws IOException {
        byte[] bytes = Files.readAllBytes(partial);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException torn) {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The prompt index of a complete "done" line, or null. */
    static Integer doneId(String line) {
        if (!line.startsWith("{\"done\":")) {
            return null;
        }
        JsonNode n = parse(line);
        return n != null && n.path("done").isInt() && n.path("kept").isBoolean() ? n.get("done").asInt() : null;
    }

    /** The settings object of a complete settings line, or null. */
    static JsonNode settingsOf(String line) {
        if (!line.startsWith("{\"" + TrajectoryCollection.SETTINGS + "\":")) {
            return null;
        }
        JsonNode n = parse(line);
        JsonNode s = n == null ? null : n.get(TrajectoryCollection.SETTINGS);
        return s != null && s.isObject() ? s : null;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException torn) {
            return null;
        }
    }
}
