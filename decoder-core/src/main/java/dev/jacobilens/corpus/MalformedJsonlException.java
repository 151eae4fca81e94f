package dev.jacobilens.corpus;

import java.io.IOException;
import java.nio.file.Path;

/** A line of a JSONL problem file that is not a GSM8K problem; the message names file and line. */
public class MalformedJsonlException extends IOException {
    public MalformedJsonlException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
