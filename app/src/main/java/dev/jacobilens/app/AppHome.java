package dev.jacobilens.app;

import dev.jacobilens.app.trace.Lane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the app finds what ships with it: {@code <home>/assets/models/standard} and
 * {@code .../consistency}, and {@code <home>/samples}. The home is the system property
 * {@code jacobilens.home}, else the current directory.
 */
public record AppHome(Path root) {

    public static AppHome fromSystem() {
        return new AppHome(Path.of(System.getProperty("jacobilens.home", ".")).toAbsolutePath().normalize());
    }

    public Path samples() {
        return root.resolve("samples");
    }

    /** The embedded draft model for speculative decoding, when one is installed. */
    public Optional<Path> embeddedDraft() {
        Path dir = root.resolve("assets").resolve("models").resolve("draft");
        return Files.isRegularFile(dir.resolve("config.json")) ? Optional.of(dir) : Optional.empty();
    }

    /** The embedded model of a lane, when one is installed (a directory with a config.json). */
    public Optional<Path> embeddedModel(Lane lane) {
        Path dir = root.resolve("assets").resolve("models").resolve(lane.name().toLowerCase());
        return Files.isRegularFile(dir.resolve("config.json")) ? Optional.of(dir) : Optional.empty();
    }
}
