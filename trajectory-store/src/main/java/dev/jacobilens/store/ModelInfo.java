package dev.jacobilens.store;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Identity of the model that produced a recording: enough to tell two models apart and to
 * find the weights again.
 *
 * @param name          display name (usually the directory's name)
 * @param directory     the model directory relative to the project home, '/'-separated, when it
 *                      lies inside it (e.g. {@code assets/models/standard}); null otherwise and
 *                      for imported data. Never an absolute path: recordings are shared and
 *                      shipped, and a path of the machine that made them means nothing elsewhere
 *                      (see {@link #projectDirectory})
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

    /**
     * What a recording stores as the directory of a model loaded from {@code dir}: its path
     * relative to {@code home}, '/'-separated, when it lies inside home; else null.
     */
    public static String projectDirectory(Path dir, Path home) {
        Path d = dir.toAbsolutePath().normalize();
        Path h = home.toAbsolutePath().normalize();
        if (!d.startsWith(h) || d.equals(h)) {
            return null;
        }
        return h.relativize(d).toString().replace('\\', '/');
    }
}
