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
}
