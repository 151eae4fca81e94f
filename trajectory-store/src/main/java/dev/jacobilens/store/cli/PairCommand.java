package dev.jacobilens.store.cli;

import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code pair LEFT RIGHT --out OUT}: puts two single recordings of the same prompt side by side
 * in one comparison file, the form the app opens into its two lanes. This is how the shipped
 * comparisons of different methods (lookahead against Medusa, say) are made from {@code decode
 * --record} runs, since one decode records one method.
 */
public final class PairCommand {
    public static final String HELP = """
            Usage: pair LEFT RIGHT --out OUT

            Makes a comparison file from two recordings (.json or .json.gz, as decode --record
            writes them) of the same prompt: LEFT opens in the app's upper lane, RIGHT in the
            lower one. Both must hold one recording each and the same prompt ids.
              --out OUT  the comparison file to write (gzip-compressed if it ends with .gz);
                         replaced atomically, and left untouched if anything fails.
            Exit status: 0 done, 2 bad arguments or unusable input, 1 output could not be written.
            """;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        String outName = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(HELP);
                return Inputs.OK;
            }
            if (arg.equals("--out")) {
                if (i + 1 == args.size()) {
                    return Inputs.usage("pair", err, "--out needs a value");
                }
                outName = args.get(++i);
            } else if (arg.startsWith("-")) {
                return Inputs.usage("pair", err, "unknown option " + arg);
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.size() != 2 || outName == null) {
            return Inputs.usage("pair", err, "give two recording files and --out");
        }
        Path target = Path.of(outName);
        for (Path file : files) {
            if (Files.exists(target) && Files.exists(file) && Inputs.sameFile(file, target)) {
                return Inputs.usage("pair", err, target + " is also an input; refusing to overwrite it");
            }
        }
        Recording[] sides = new Recording[2];
        for (int i = 0; i < 2; i++) {
            RecordingFile input = Inputs.read("pair", files.get(i), err);
            if (input == null) {
                return Inputs.BAD_INPUT;
            }
            if (!(input instanceof RecordingFile.OfRecording r)) {
                err.println("pair: " + files.get(i) + ": holds a comparison; give a file with one recording");
                return Inputs.BAD_INPUT;
            }
            sides[i] = r.recording();
        }
        if (!Arrays.equals(sides[0].promptIds(), sides[1].promptIds())) {
            err.println("pair: " + files.get(0) + " and " + files.get(1)
                    + " decode different prompts (their prompt ids differ); a comparison shows one prompt");
            return Inputs.BAD_INPUT;
        }
        try {
            RecordingFiles.write(target, new Comparison(sides[0].promptText(), sides[0], sides[1], null, null));
        } catch (IOException e) {
            err.println("pair: cannot write " + target + ": " + e.getMessage());
            return Inputs.FAILED;
        }
        out.println("wrote a comparison of " + describe(sides[0]) + " and " + describe(sides[1]) + " to " + target);
        return Inputs.OK;
    }

    private static String describe(Recording r) {
        return r.model().name() + " " + r.settings().method().label();
    }
}
