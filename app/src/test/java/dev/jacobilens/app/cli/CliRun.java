package dev.jacobilens.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the command line in the test's JVM and keeps what the last run printed, for the CLI tests. */
final class CliRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(List<String> args) {
        out.reset();
        err.reset();
        return new Cli().run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Refused: exit 2, the message names every fragment, and no Java class name reaches the user. */
    void expectRefused(List<String> args, String... fragments) {
        assertEquals(2, run(args), err());
        for (String f : fragments) {
            assertTrue(err().contains(f), "'" + err() + "' should mention '" + f + "'");
        }
        assertFalse(err().matches("(?s).*\\b\\w+(Exception|Error)\\b.*"), "a class name reached the user: " + err());
    }
}
