package dev.jacobilens.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a word-level tokenizer from texts and writes it as a Hugging Face {@code tokenizer.json}
 * (see {@link TokenizerFiles} for the design).
 */
public final class WordTokenizerBuilder {
    /**
     * Kept whatever their count: every digit, so any number can be spelled, plus the space and
     * newline pieces every answer is made of.
     */
    static final List<String> ALWAYS_KEPT = List.of(
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", String.valueOf(PreTokenizer.META), "\n");

    private WordTokenizerBuilder() {}

    /** Builds the vocabulary and writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
    public static Vocabulary build(Iterable<String> texts, int minCount, Path dir) throws IOException {
        Vocabulary vocabulary = vocabulary(texts, minCount);
        TokenizerFiles.write(vocabulary, dir);
        return vocabulary;
    }

    /**
     * Specials first (fixed ids), then every piece seen at least {@code minCount} times, by
     * count descending, ties broken lexicographically so the ids never depend on hash order.
     */
    public static Vocabulary vocabulary(Iterable<String> texts, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (String piece : PreTokenizer.split(text)) {
                counts.merge(piece, 1, Integer::sum);
            }
        }
        SpecialTokens.ALL.forEach(counts::remove);
        List<String> kept = new ArrayList<>();
        counts.forEach((piece, n) -> {
            if (n >= minCount && !ALWAYS_KEPT.contains(piece)) {
                kept.add(piece);
            }
        });
        for (String piece : ALWAYS_KEPT) {
            kept.add(piece);
            counts.putIfAbsent(piece, 0);
        }
        kept.sort(Comparator.<String>comparingInt(counts::get).reversed()
                .thenComparing(Comparator.naturalOrder()));
        List<String> tokens = new ArrayList<>(SpecialTokens.ALL);
        tokens.addAll(kept);
        return new Vocabulary(tokens);
    }
}
