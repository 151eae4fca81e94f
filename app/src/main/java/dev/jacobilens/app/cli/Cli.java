package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.CorpusCommand;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.cli.BenchImportCommand;
import dev.jacobilens.store.cli.ExportCommand;
import dev.jacobilens.store.cli.InspectCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code bin/jacobi-lens}: with no arguments it opens the desktop app, otherwise
 * it runs a subcommand. Errors the user can fix go to stderr as one line, with exit code 2.
 */
public final class Cli {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    Cli() {
        for (Command c : List.of(
                new DecodeCommand(),
                new BenchForwardCommand(),
                new DelegatingCommand("inspect", "print a recording's or comparison's metrics",
                        (a, o, e) -> new InspectCommand().run(a, o, e)),
                new DelegatingCommand("export", "convert recordings to the CLLM dataset format or CSV",
                        (a, o, e) -> new ExportCommand().run(a, o, e)),
                new DelegatingCommand("bench-import", "measure streaming import of a generated CLLM file",
                        (a, o, e) -> new BenchImportCommand().run(a, o, e)),
                new DelegatingCommand("corpus", "generate a GSM8K-format math corpus and its tokenizer",
                        (a, o, e) -> new CorpusCommand().run(a, o, e)),
                new TrainBaseCommand(),
                new EvalCommand(),
                new OpeningsCommand(),
                new CollectCommand(),
                new DistillCommand(),
                new BenchCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] argv) {
        if (argv.length == 0) {
            AppLauncher.launch(argv);
            return;
        }
        int code = new Cli().run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    int run(List<String> argv, PrintStream out, PrintStream err) {
        String name = argv.get(0);
        if (name.equals("--help") || name.equals("help") || name.equals("-h")) {
            printHelp(out);
            return 0;
        }
        if (name.equals("app")) {
            AppLauncher.launch(argv.subList(1, argv.size()).toArray(new String[0]));
            return 0;
        }
        Command command = commands.get(name);
        if (command == null) {
            err.println("jacobi-lens: unknown command '" + name + "'");
            printHelp(err);
            return 2;
        }
        try {
            return command.run(argv.subList(1, argv.size()), out, err);
        } catch (Args.UsageException e) {
            err.println("jacobi-lens " + name + ": " + e.getMessage());
            return 2;
        } catch (EngineException e) {
            err.println("jacobi-lens " + name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("jacobi-lens " + name + ": " + e);
            return 2;
        }
    }

    private void printHelp(PrintStream out) {
        out.println("usage: jacobi-lens [COMMAND [OPTIONS]]");
        out.println("  (no command)     open the desktop app");
        for (Command c : commands.values()) {
            out.printf("  %-16s %s%n", c.name(), c.summary());
        }
        out.println("Run 'jacobi-lens COMMAND --help' for a command's options.");
    }
}
