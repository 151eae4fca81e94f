package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.CorpusCommand;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.runtime.EngineSetup;
import dev.jacobilens.store.cli.BenchImportCommand;
import dev.jacobilens.store.cli.ExportCommand;
import dev.jacobilens.store.cli.InspectCommand;
import dev.jacobilens.store.cli.PairCommand;

import java.io.PrintStream;
import java.util.ArrayList;
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
                new DevicesCommand(),
                new ConvertCommand(),
                new BenchForwardCommand(),
                new BenchLoadCommand(),
                new RandomCheckpointCommand(),
                new DelegatingCommand("inspect", "print a recording's or comparison's metrics",
                        (a, o, e) -> new InspectCommand().run(a, o, e)),
                new DelegatingCommand("export", "convert recordings to the CLLM dataset format or CSV",
                        (a, o, e) -> new ExportCommand().run(a, o, e)),
                new DelegatingCommand("pair", "put two recordings of one prompt side by side in a comparison",
                        (a, o, e) -> new PairCommand().run(a, o, e)),
                new DelegatingCommand("bench-import", "measure streaming import of a generated CLLM file",
                        (a, o, e) -> new BenchImportCommand().run(a, o, e)),
                new DelegatingCommand("corpus", "generate a GSM8K-format math corpus and its tokenizer",
                        (a, o, e) -> new CorpusCommand().run(a, o, e)),
                new TrainBaseCommand(),
                new EvalCommand(),
                new OpeningsCommand(),
                new CollectCommand(),
                new DistillCommand(),
                new TrainMedusaCommand(),
                new BenchCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        // Before anything can start DJL's engine: private mode, and the torch to load.
        try {
            EngineSetup.configure(takeTorchOption(args));
        } catch (Args.UsageException | EngineException e) {
            System.err.println("jacobi-lens: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.isEmpty() || args.get(0).startsWith("--template")) {
            // the app itself, with a prompt template for the models it loads
            String problem = AppOptions.templateProblem(args);
            if (problem != null) {
                System.err.println("jacobi-lens: " + problem);
                System.exit(2);
                return;
            }
            AppLauncher.launch(args.toArray(new String[0]));
            return;
        }
        int code = new Cli().run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Removes {@code --torch PATH} (or {@code --torch=PATH}) from the arguments, wherever it
     * stands: it applies to the app and every command alike. Null when absent.
     */
    static String takeTorchOption(List<String> args) {
        String torch = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--torch")) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new Args.UsageException("option --torch needs a path (a Python executable with torch,"
                            + " a torch/lib folder or a libtorch folder)");
                }
                torch = args.get(i + 1);
                args.subList(i, i + 2).clear();
                i--;
            } else if (a.startsWith("--torch=")) {
                torch = a.substring("--torch=".length());
                args.remove(i);
                i--;
            }
            if (torch != null && torch.isBlank()) {
                // --torch "$UNSET" would otherwise quietly run on the bundled library
                throw new Args.UsageException("option --torch was given an empty path: give a Python executable"
                        + " with torch, a torch/lib folder or a libtorch folder, or leave --torch out");
            }
        }
        return torch;
    }

    int run(List<String> argv, PrintStream out, PrintStream err) {
        String name = argv.get(0);
        if (name.equals("--help") || name.equals("help") || name.equals("-h")) {
            printHelp(out);
            return 0;
        }
        if (name.equals("app")) {
            String problem = AppOptions.templateProblem(argv.subList(1, argv.size()));
            if (problem != null) {
                err.println("jacobi-lens: " + problem);
                return 2;
            }
            AppLauncher.launch(argv.subList(1, argv.size()).toArray(new String[0]));
            return 0;
        }
        Command command = commands.get(name);
        if (command == null) {
            err.println("jacobi-lens: unknown command '" + name + "'");
            printHelp(err);
            return 2;
        }
        if (command.stopsAtBoundaries()) {
            SignalStop.install(name, err);
        }
        try {
            int code = command.run(argv.subList(1, argv.size()), out, err);
            if (SignalStop.stopped()) {
                err.println("jacobi-lens " + name + ": stopped by " + SignalStop.name() + " (exit code "
                        + SignalStop.exitCode() + ")");
                return SignalStop.exitCode();
            }
            return code;
        } catch (Args.UsageException | EngineException e) {
            err.println("jacobi-lens " + name + ": " + e.getMessage());
            return 2;
        } catch (Exception | OutOfMemoryError | InternalError | StackOverflowError e) {
            // Anything else still gets one line in words; the class name is for a debugger.
            err.println("jacobi-lens " + name + ": " + UserMessages.describe(e));
            if (System.getenv("JACOBI_LENS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 2;
        } finally {
            SignalStop.restore();
        }
    }

    private void printHelp(PrintStream out) {
        out.println("usage: jacobi-lens [--torch PATH] [--template auto|none|FILE | COMMAND [OPTIONS]]");
        out.println("  (no command)     open the desktop app (--template: the prompt template of the models it loads)");
        out.println("  --torch PATH     run on an installed PyTorch (Python executable, torch/lib or libtorch folder;");
        out.println("                   default: $" + EngineSetup.TORCH_ENV + ", else the bundled CPU library)");
        for (Command c : commands.values()) {
            out.printf("  %-16s %s%n", c.name(), c.summary());
        }
        out.println("Run 'jacobi-lens COMMAND --help' for a command's options.");
    }
}
