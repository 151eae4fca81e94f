package dev.jacobilens.store;

import java.io.IOException;
import java.nio.file.Path;

/** An output file that cannot be written; the message names the file and the reason. */
public final class OutputFileException extends IOException {
    private final Path file;

    public OutputFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public OutputFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
