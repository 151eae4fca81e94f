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

    /**
     * The prompts of a model pair's sample files, in any format {@code PromptFiles} reads (GSM8K
     * JSONL, JSONL with "prompt", one prompt per line); an unreadable file is skipped.
     */
    public static List<SamplePrompt> fromPromptFiles(List<Path> files) {
        List<SamplePrompt> prompts = new ArrayList<>();
        for (Path file : files) {
            String source = file.getFileName().toString().replaceFirst("\\.(jsonl|txt)$", "");
            try {
                for (dev.jacobilens.corpus.Prompt p : dev.jacobilens.corpus.PromptFiles.read(file)) {
                    prompts.add(new SamplePrompt(source, p.text(), p.hasAnswer() ? p.answer() : ""));
                }
            } catch (IOException | RuntimeException unreadable) {
                // a broken sample file must not keep its pair from being chosen
            }
        }
        return prompts;
    }

    /** Recordings and comparisons, plain ({@code .json}) or compressed ({@code .json.gz}). */
    public static List<Path> recordings(Path samplesDir) {
        return list(samplesDir.resolve("recordings"), ".json", ".json.gz");
    }

    private static List<Path> list(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> endsWithAny(f.getFileName().toString(), suffixes) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean endsWithAny(String name, String... suffixes) {
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** A sample's name as a menu shows it: the file name without its extensions. */
    public static String title(Path sample) {
        return sample.getFileName().toString().replaceFirst("\\.json(\\.gz)?$", "");
    }
}
