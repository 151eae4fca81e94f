package dev.jacobilens.app.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code samples/} offers: prompts ({@code prompts/*.jsonl}, one JSON object per line with
 * "question" and optionally "answer") and recordings ({@code recordings/*.json}). Unreadable
 * lines and files are skipped: a broken sample must not keep the app from starting.
 */
public final class Samples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    public static List<SamplePrompt> prompts(Path samplesDir) {
        List<SamplePrompt> prompts = new ArrayList<>();
        for (Path file : list(samplesDir.resolve("prompts"), ".jsonl")) {
            String source = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode node = JSON.readTree(line);
                        if (node.hasNonNull("question")) {
                            prompts.add(new SamplePrompt(source, node.get("question").asText(),
                                    node.hasNonNull("answer") ? node.get("answer").asText() : ""));
                        }
                    } catch (IOException badLine) {
                        // skip the line, keep the rest of the file
                    }
                }
            } catch (IOException unreadable) {
                // skip the file
            }
        }
        return prompts;
    }

    public static List<Path> recordings(Path samplesDir) {
        return list(samplesDir.resolve("recordings"), ".json");
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
