package dev.jacobilens.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as what it claims to be: malformed JSON, a wrong type, a value that
 * breaks a trajectory invariant, or a newer schema. The message names the file, the problem and,
 * when known, the line and column, so it can be shown to the user as it is.
 */
public class RecordingFormatException extends IOException {
    private final transient Path file;
    private final String problem;
    private final int line;
    private final int column;

    /** @param line 1-based line, or 0 when the location is unknown (column likewise) */
    public RecordingFormatException(Path file, String problem, int line, int column, Throwable cause) {
        super(describe(file, problem, line, column), cause);
        this.file = file;
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    public RecordingFormatException(Path file, String problem) {
        this(file, problem, 0, 0, null);
    }

    private static String describe(Path file, String problem, int line, int column) {
        String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        return file + where + ": " + problem;
    }

    public Path file() {
        return file;
    }

    /** The problem alone, without file or location. */
    public String problem() {
        return problem;
    }

    /** 1-based line of the problem, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, 0 when unknown. */
    public int column() {
        return column;
    }
}
