package dev.jacobilens.app.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code bin/jacobi-lens}. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** Runs the command; returns the exit code (0 ok, 2 bad input). */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;

    /**
     * True for commands that run PyTorch: a signal then stops them at a step or pass boundary
     * ({@link SignalStop}) instead of exiting the JVM under a native call.
     */
    default boolean stopsAtBoundaries() {
        return false;
    }
}
