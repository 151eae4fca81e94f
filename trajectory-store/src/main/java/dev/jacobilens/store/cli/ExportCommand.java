package dev.jacobilens.store.cli;

import dev.jacobilens.store.CllmExport;
import dev.jacobilens.store.CsvExport;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code export FILE... --format cllm|csv --out OUT}: converts recording and comparison files.
 * All inputs are read and checked before OUT is written, and OUT is written atomically, so a
 * failed export leaves an existing OUT as it was.
 */
public final class ExportCommand {
    public static final String HELP = """
            Usage: export FILE... --format cllm|csv --out OUT [--role standard|consistency|both]

            Converts Jacobi Lens recording or comparison files (.json or .json.gz).
              --format cllm  a CLLM trajectory file (JSON list, one record per block) for the
                             hao-ai-lab/Consistency_LLM trainer; recording i becomes data_i.
                             From a comparison only the standard model's recording is taken
                             (the trainer learns from the target model's own trajectories);
                             --role consistency or --role both changes that.
              --format csv   per-pass metrics, one row per pass of every block (RFC 4180).
              --out OUT      the file to write (gzip-compressed if it ends with .gz); replaced
                             atomically, and left untouched if the export fails.
            Exit status: 0 done, 2 bad arguments or unreadable input, 1 output could not be written.
            """;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        String format = null;
        String outName = null;
        String role = "standard";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(HELP);
                return Inputs.OK;
            }
            if (arg.equals("--format") || arg.equals("--out") || arg.equals("--role")) {
                if (i + 1 == args.size()) {
                    return Inputs.usage("export", err, arg + " needs a value");
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--format" -> format = value;
                    case "--out" -> outName = value;
                    default -> role = value;
                }
            } else if (arg.startsWith("-")) {
                return Inputs.usage("export", err, "unknown option " + arg);
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty() || format == null || outName == null) {
            return Inputs.usage("export", err, "give at least one FILE, --format and --out");
        }
        if (!format.equals("cllm") && !format.equals("csv")) {
            return Inputs.usage("export", err, "--format must be cllm or csv, not " + format);
        }
        if (!List.of("standard", "consistency", "both").contains(role)) {
            return Inputs.usage("export", err, "--role must be standard, consistency or both, not " + role);
        }
        Path target = Path.of(outName);
        for (Path file : files) {
            if (Files.exists(target) && Files.exists(file) && Inputs.sameFile(file, target)) {
                return Inputs.usage("export", err, target + " is also an input; refusing to overwrite it");
            }
        }
        List<RecordingFile> inputs = new ArrayList<>();
        for (Path file : files) {
            RecordingFile input = Inputs.read("export", file, err);
            if (input == null) {
                return Inputs.BAD_INPUT;
            }
            inputs.add(input);
        }
        try {
            if (format.equals("csv")) {
                List<CsvExport.Source> sources = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    sources.addAll(CsvExport.sources(files.get(i).getFileName().toString(), inputs.get(i)));
                }
                CsvExport.write(target, sources);
                out.println("wrote per-pass metrics of " + sources.size() + " recording(s) to " + target);
            } else {
                List<Recording> recordings = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    for (Recording r : pick(inputs.get(i), role)) {
                        String problem = CllmExport.notJacobi(r);
                        if (problem != null) {
                            err.println("export: " + files.get(i) + ": " + problem);
                            return Inputs.BAD_INPUT;
                        }
                        recordings.add(r);
                    }
                }
                CllmExport.write(target, recordings);
                out.println("wrote " + recordings.size() + " recording(s) as a CLLM trajectory file to " + target);
            }
            return Inputs.OK;
        } catch (IllegalArgumentException e) {
            err.println("export: " + e.getMessage());
            return Inputs.BAD_INPUT;
        } catch (IOException e) {
            err.println("export: cannot write " + target + ": " + e.getMessage());
            return Inputs.FAILED;
        }
    }

    private static List<Recording> pick(RecordingFile input, String role) {
        if (input instanceof RecordingFile.OfComparison c) {
            return switch (role) {
                case "standard" -> List.of(c.comparison().standard());
                case "consistency" -> List.of(c.comparison().consistency());
                default -> input.recordings();
            };
        }
        return input.recordings();
    }
}
