package dev.jacobilens.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Identity of the model that produced a recording: enough to tell two models apart and to
 * find the weights again.
 *
 * @param name          display name (usually the directory's name)
 * @param directory     the model directory as the user chose it; may be null for imported data
 * @param weightsSha256 SHA-256 of the weight files, hex; null when unknown
 * @param config        a summary of config.json (sizes, heads, vocabulary), insertion-ordered;
 *                      values are JSON-like (numbers, strings, booleans, lists, maps, null)
 */
public record ModelInfo(String name, String directory, String weightsSha256, Map<String, Object> config) {
    public ModelInfo {
        if (name == null) {
            throw new IllegalArgumentException("model name missing");
        }
        // Map.copyOf would lose the insertion order the javadoc promises, and reject the nulls
        // that config.json legitimately holds.
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
