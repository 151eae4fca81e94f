package dev.jacobilens.store.cli;

import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.BlockMetrics;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.Speedup;
import dev.jacobilens.store.SpeedupText;
import dev.jacobilens.store.Totals;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** {@code inspect FILE}: prints a recording's or comparison's metrics as aligned text tables. */
public final class InspectCommand {
    public static final String HELP = """
            Usage: inspect FILE [--json]

            Prints the metrics of a Jacobi Lens recording or comparison file (.json or .json.gz):
            totals (output tokens, forward passes, tokens per pass, iterations per block,
            stationary tokens, speedups against AR) and, per block, its iterations, the passes
            they were, output tokens accepted by each pass, stationary tokens and wall time.
            The output is the tokens up to and including the first EOS; tokens a block accepted
            after it count nowhere. Blocks, iterations and forward passes are numbered from 1,
            pass 1 being the prompt pass. Definitions follow the CLLM paper; see the Metrics class.
              --json   print the same figures as one JSON object, for scripts (a comparison
                       has one object per lane: "standard" and "consistency")
            Exit status: 0 done, 2 bad arguments or unreadable input.
            """;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return Inputs.OK;
        }
        boolean json = args.contains("--json");
        List<String> files = args.stream().filter(a -> !a.equals("--json")).toList();
        if (files.size() != 1 || files.get(0).startsWith("-")) {
            err.println("inspect: give exactly one FILE, optionally --json (see inspect --help)");
            return Inputs.BAD_INPUT;
        }
        Path file = Path.of(files.get(0));
        RecordingFile content = Inputs.read("inspect", file, err);
        if (content == null) {
            return Inputs.BAD_INPUT;
        }
        if (json) {
            out.println(InspectJson.of(file, content).toPrettyString());
        } else if (content instanceof RecordingFile.OfComparison c) {
            printComparison(file, c.comparison(), out);
        } else {
            Recording r = content.recordings().get(0);
            out.println(file + ": recording, " + describe(r));
            out.println();
            TextTable totals = new TextTable("metric", "value");
            for (String[] row : totalsRows(r, null)) {
                totals.row(row[0], row[1]);
            }
            totals.print(out);
            out.println();
            blockTable(r).print(out);
        }
        return Inputs.OK;
    }

    private static void printComparison(Path file, Comparison c, PrintStream out) {
        out.println(file + ": comparison");
        out.println("  standard:    " + describe(c.standard()));
        out.println("  consistency: " + describe(c.consistency()));
        out.println();
        List<String[]> standard = totalsRows(c.standard(), c.standardAr());
        List<String[]> consistency = totalsRows(c.consistency(), c.consistencyAr());
        TextTable totals = new TextTable("metric", "standard", "consistency");
        for (int i = 0; i < standard.size(); i++) {
            totals.row(standard.get(i)[0], standard.get(i)[1], consistency.get(i)[1]);
        }
        totals.print(out);
        out.println();
        out.println("standard model, per block:");
        blockTable(c.standard()).print(out);
        out.println();
        out.println("consistency model, per block:");
        blockTable(c.consistency()).print(out);
    }

    private static String describe(Recording r) {
        return r.model().name() + ", " + r.settings().describe() + " on "
                + r.settings().device() + ", prompt " + r.promptIds().length + " tokens, output "
                + Metrics.outputTokens(r) + " tokens, stop " + r.stopReason();
    }

    /** Rows of (metric, value); the same metrics in the same order for every recording. */
    private static List<String[]> totalsRows(Recording r, ArTiming ar) {
        Totals t = Metrics.totals(r);
        Optional<Speedup> speedup = Metrics.speedup(r, ar);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"output tokens (to EOS)", Integer.toString(t.outputTokens())});
        rows.add(new String[] {"forward passes", Integer.toString(t.forwardPasses())});
        rows.add(new String[] {"tokens per pass", fixed(t.tokensPerPass(), 3)});
        rows.add(new String[] {"blocks", Integer.toString(t.blocks())});
        rows.add(new String[] {"iterations per block", fixed(t.iterationsPerBlock(), 2)});
        rows.add(new String[] {"accepted tokens per block pass", fixed(t.meanAcceptedPerPass(), 2)});
        rows.add(new String[] {"accepted, after EOS included", Integer.toString(t.acceptedTokens())});
        rows.add(new String[] {"draft model forward passes", Integer.toString(r.settings().draftPasses())});
        rows.add(new String[] {"stationary tokens", Integer.toString(t.stationaryTokens())});
        rows.add(new String[] {"blocks in flight per pass", fixed(Metrics.meanBlocksInFlight(r), 2)});
        rows.add(new String[] {"tokens from pool n-grams", Integer.toString(Metrics.ngramTokensAccepted(r))});
        rows.add(new String[] {"passes vs AR, estimated", SpeedupText.passes(t.passSpeedupEstimate())});
        rows.add(new String[] {"passes vs AR run",
                speedup.map(s -> SpeedupText.passes(s.forwardPasses())).orElse("-")});
        rows.add(new String[] {"wall time vs AR run", speedup.flatMap(s -> s.wallTime().isPresent()
                ? Optional.of(SpeedupText.wallTime(s.wallTime().getAsDouble())) : Optional.empty()).orElse("-")});
        rows.add(new String[] {"prompt pass ms", millis(t.prefillNanos())});
        rows.add(new String[] {"decode ms", millis(t.elapsedNanos())});
        return rows;
    }

    private static TextTable blockTable(Recording r) {
        TextTable table = new TextTable("block", "start", "iterations", "passes", "accepted per pass",
                "stationary", "wall ms");
        List<BlockMetrics> figures = Metrics.blocks(r);
        for (int i = 0; i < figures.size(); i++) {
            BlockMetrics b = figures.get(i);
            BlockTrajectory block = r.blocks().get(i);
            StringJoiner accepted = new StringJoiner(" ");
            b.perPass().forEach(m -> accepted.add(Integer.toString(m.accepted())));
            String passes = block.passes() == 0 ? "-" : Metrics.passNumber(r, block, 1) + "-"
                    + Metrics.passNumber(r, block, block.passes());
            table.row(b.block(), b.start(), b.iterations(), passes, accepted, b.stationaryTotal(),
                    millis(b.wallNanos()));
        }
        return table;
    }

    private static String millis(long nanos) {
        return fixed(nanos / 1e6, 1);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
