package dev.jacobilens.store.cli;

import dev.jacobilens.store.InputFiles;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Reads command inputs, turning every way a file can be unusable into one line on err. */
final class Inputs {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    /** A recording file, or null after a one-line message naming the file and problem. */
    static RecordingFile read(String command, Path file, PrintStream err) {
        String problem = InputFiles.problem(file);
        if (problem != null) {
            err.println(command + ": " + file + ": " + problem);
            return null;
        }
        try {
            return RecordingFiles.read(file);
        } catch (IOException e) {
            // RecordingFormatException's message already names file, problem and location.
            String message = e.getMessage();
            err.println(command + ": " + (message != null && message.startsWith(file.toString()) ? message
                    : file + ": " + e));
            return null;
        }
    }

    private Inputs() {
    }

    /** Whether {@code a} and {@code b} are one file (false when either cannot be looked at). */
    static boolean sameFile(Path a, Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A usage problem on err, pointing at the command's help; exit status {@link #BAD_INPUT}. */
    static int usage(String command, PrintStream err, String problem) {
        err.println(command + ": " + problem + " (see " + command + " --help)");
        return BAD_INPUT;
    }
}
