package dev.jacobilens.app.cli;

import java.nio.file.Path;

/** Where the embedded assets live: system property jacobilens.home (bin/jacobi-lens sets it). */
public final class Home {
    private Home() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("jacobilens.home", ".")).toAbsolutePath().normalize();
    }

    public static Path standardModel() {
        return ModelPair.MATHS.standardDir(dir());
    }

    public static Path consistencyModel() {
        return ModelPair.MATHS.consistencyDir(dir());
    }

    /** The speculative-decoding draft of the maths pair. */
    public static Path draftModel() {
        return dir().resolve("assets/models/draft");
    }

    public static Path testProblems() {
        return ModelPair.MATHS.benchPromptsFile(dir());
    }
}
