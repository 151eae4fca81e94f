package dev.jacobilens.app.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Keeps {@link SessionSettings} in {@code ~/.jacobi-lens/session.properties} (or under the
 * directory named by the system property {@code jacobilens.settings}, which tests use). A
 * missing or unreadable file gives the defaults: losing remembered settings must never stop
 * the app from starting.
 */
public final class SettingsStore {
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public static SettingsStore standard() {
        String override = System.getProperty("jacobilens.settings");
        Path dir = override != null ? Path.of(override) : Path.of(System.getProperty("user.home"), ".jacobi-lens");
        return new SettingsStore(dir.resolve("session.properties"));
    }

    public Path file() {
        return file;
    }

    public SessionSettings load() {
        SessionSettings d = SessionSettings.defaults();
        if (!Files.isRegularFile(file)) {
            return d;
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException unreadable) {
            return d;
        }
        return new SessionSettings(
                p.getProperty("prompt", d.prompt()),
                blankToNull(p.getProperty("standardModel")),
                blankToNull(p.getProperty("consistencyModel")),
                integer(p, "blockSize", d.blockSize(), 1, 512),
                integer(p, "maxNewTokens", d.maxNewTokens(), 1, 8192),
                p.getProperty("device", d.device()),
                decimal(p, "speed", d.speed()),
                p.getProperty("syncMode", d.syncMode()),
                Boolean.parseBoolean(p.getProperty("timeArReference", String.valueOf(d.timeArReference()))),
                blankToNull(p.getProperty("lastDirectory")));
    }

    public void save(SessionSettings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("prompt", s.prompt() == null ? "" : s.prompt());
        p.setProperty("standardModel", s.standardModel() == null ? "" : s.standardModel());
        p.setProperty("consistencyModel", s.consistencyModel() == null ? "" : s.consistencyModel());
        p.setProperty("blockSize", Integer.toString(s.blockSize()));
        p.setProperty("maxNewTokens", Integer.toString(s.maxNewTokens()));
        p.setProperty("device", s.device());
        p.setProperty("speed", Double.toString(s.speed()));
        p.setProperty("syncMode", s.syncMode());
        p.setProperty("timeArReference", Boolean.toString(s.timeArReference()));
        p.setProperty("lastDirectory", s.lastDirectory() == null ? "" : s.lastDirectory());
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(writer, "Jacobi Lens: last session's settings");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int integer(Properties p, String key, int fallback, int min, int max) {
        try {
            int value = Integer.parseInt(p.getProperty(key, String.valueOf(fallback)).trim());
            return value < min || value > max ? fallback : value;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double decimal(Properties p, String key, double fallback) {
        try {
            return Double.parseDouble(p.getProperty(key, String.valueOf(fallback)).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
