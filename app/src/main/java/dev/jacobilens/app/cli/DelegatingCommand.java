package dev.jacobilens.app.cli;

import java.io.PrintStream;
import java.util.List;

/** A command whose logic lives in a lower module as {@code int run(args, out, err)}. */
final class DelegatingCommand implements Command {
    /** The shape of the command classes in trajectory-store and decoder-core. */
    interface Body {
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    private final String name;
    private final String summary;
    private final Body body;

    DelegatingCommand(String name, String summary, Body body) {
        this.name = name;
        this.summary = summary;
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return body.run(args, out, err);
    }
}
