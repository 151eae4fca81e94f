package dev.jacobilens.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jacobilens.engine.EngineException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompt files in the three forms {@code collect}, {@code distill} and {@code bench} accept:
 *
 * <ul>
 * <li>GSM8K JSONL: objects with {@code question} and {@code answer} (prompts with an answer);</li>
 * <li>free-text JSONL: objects with a {@code prompt} field (other fields ignored);</li>
 * <li>plain text: one prompt per line.</li>
 * </ul>
 *
 * Each line is read on its own: a line that starts with "{" must be one of the JSON forms, any
 * other line is a plain-text prompt. Blank lines are skipped.
 */
public final class PromptFiles {

    private PromptFiles() {
    }

    public static List<Prompt> read(Path file) throws IOException {
        String problem = dev.jacobilens.store.InputFiles.problem(file); // a FIFO would block forever
        if (problem != null) {
            throw new EngineException(file + ": " + (problem.equals("no such file") ? "no such prompt file" : problem));
        }
        List<Prompt> prompts = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                boolean json = line.stripLeading().startsWith("{");
                prompts.add(json ? parse(file, lineNumber, line) : new Prompt(line, null));
            }
        } catch (NoSuchFileException e) {
            throw new EngineException(file + ": no such prompt file");
        } catch (MalformedInputException e) {
            throw new MalformedJsonlException(file, firstBadLine(file), "not valid UTF-8 text");
        }
        return prompts;
    }

    /**
     * The line of the first byte that is not UTF-8. The reader decodes ahead in blocks, so the
     * line it had reached when decoding failed can be far before the bad byte.
     */
    static int firstBadLine(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    /** Only prompts with answers: for commands that score answers or train on labels. */
    public static List<Problem> problems(Path file, String why) throws IOException {
        List<Problem> out = new ArrayList<>();
        for (Prompt p : read(file)) {
            if (!p.hasAnswer()) {
                throw new EngineException(file + ": " + why + " needs GSM8K-format problems with an"
                        + " \"answer\" field, but the file holds free-text prompts");
            }
            out.add(p.problem());
        }
        return out;
    }

    private static Prompt parse(Path file, int lineNumber, String line) throws IOException {
        JsonNode node = GsmJsonl.object(file, lineNumber, line);
        if (node.has("prompt")) {
            return new Prompt(nonBlank(GsmJsonl.text(node, "prompt", file, lineNumber), "prompt", file, lineNumber),
                    null);
        }
        if (!node.has("question")) {
            throw new MalformedJsonlException(file, lineNumber, "expected a \"prompt\" field (free text) or"
                    + " \"question\" and \"answer\" fields (GSM8K)");
        }
        return new Prompt(nonBlank(GsmJsonl.text(node, "question", file, lineNumber), "question", file, lineNumber),
                GsmJsonl.text(node, "answer", file, lineNumber));
    }

    /** An empty prompt is an error here, naming the line, not later as "the prompt is empty". */
    private static String nonBlank(String text, String field, Path file, int lineNumber) throws IOException {
        if (text.isBlank()) {
            throw new MalformedJsonlException(file, lineNumber, "field \"" + field + "\" is empty");
        }
        return text;
    }
}
