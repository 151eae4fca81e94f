package dev.jacobilens.store;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The check every input file passes before it is opened: it must exist, be a regular file (links
 * followed) and be readable. Opening a FIFO for reading blocks until a writer appears, so a
 * {@code config.json} that is a FIFO would hang the program; a folder or a device gives
 * confusing errors. Checking first turns all of these into one message naming the file.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** What is wrong with {@code file} as an input, or null when it can be read. */
    public static String problem(Path file) {
        if (!Files.exists(file)) {
            return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "is a symbolic link to nothing" : "no such file";
        }
        if (Files.isDirectory(file)) {
            return "is a folder, not a file";
        }
        if (!Files.isRegularFile(file)) {
            return "is not a regular file (a FIFO, device or socket); refusing to read it";
        }
        if (!Files.isReadable(file)) {
            return "permission denied";
        }
        return null;
    }

    /**
     * @throws InputFileException naming the file and the problem
     */
    public static void require(Path file) throws InputFileException {
        String problem = problem(file);
        if (problem != null) {
            throw new InputFileException(file, problem);
        }
    }

    /** An input file that cannot be read; the message names the file and the problem. */
    public static final class InputFileException extends java.io.IOException {
        public InputFileException(Path file, String problem) {
            super(file + ": " + problem);
        }
    }
}
