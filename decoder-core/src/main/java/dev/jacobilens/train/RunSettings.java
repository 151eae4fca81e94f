package dev.jacobilens.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.EngineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a resumable output was started with (model checksum, input checksums, block
 * size, seed, ...), kept beside it so that a resume with other settings is refused instead of
 * mixing two runs' data or training in one checkpoint. Keys are the options' names as the user
 * types them, so the refusal reads in the user's terms.
 */
public final class RunSettings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> values = new LinkedHashMap<>();
    /** What a recorded settings file that lacks a key is taken to have meant (see {@link #putDefaulted}). */
    private final Map<String, String> absent = new LinkedHashMap<>();

    public RunSettings put(String key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    /**
     * Like {@link #put}, for a setting that checkpoints made before it existed lack: such a
     * checkpoint counts as made with {@code absentMeans}, so a resume that changes it is refused too.
     */
    public RunSettings putDefaulted(String key, Object value, String absentMeans) {
        values.put(key, String.valueOf(value));
        absent.put(key, absentMeans);
        return this;
    }

    /** Records a file's content (not its name): a renamed copy resumes, an edited file does not. */
    public RunSettings putFile(String key, Path file) throws IOException {
        values.put(key, file == null ? "none" : "sha256:" + sha256(file));
        return this;
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        values.forEach(o::put);
        return o;
    }

    public static RunSettings fromJson(JsonNode node) {
        RunSettings s = new RunSettings();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            s.values.put(e.getKey(), e.getValue().asText());
        }
        return s;
    }

    /**
     * @throws EngineException naming the output and every setting that differs from
     *                         {@code recorded}
     */
    public void requireSameAs(RunSettings recorded, Path output) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String then = recorded.values.getOrDefault(e.getKey(), absent.get(e.getKey()));
            if (then != null && !then.equals(e.getValue())) {
                differences.add(e.getKey() + " " + shorten(then) + " then, " + shorten(e.getValue()) + " now");
            }
        }
        if (!differences.isEmpty()) {
            throw new EngineException(output + ": was started with other settings (" + String.join("; ", differences)
                    + "); resume with the same settings, or choose another output");
        }
    }

    private static String shorten(String v) {
        return v.startsWith("sha256:") && v.length() > 19 ? v.substring(0, 19) + "…" : v;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
