package dev.jacobilens.app.cli;

import dev.jacobilens.distill.TrajectoryCollection;
import dev.jacobilens.engine.StopRequest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code collect}: Jacobi trajectories of a base model, in the CLLM dataset layout. */
final class CollectCommand implements Command {
    static final String USAGE = "usage: jacobi-lens collect --model DIR --prompts FILE --out FILE"
            + " [--block-size 16] [--max-new-tokens 256] [--augment] [--labels] [--limit N] [--seed S]"
            + " [--device auto|cpu|gpu]\n  prompts: GSM8K JSONL, JSONL with \"prompt\", or one prompt per line"
            + " (--labels needs GSM8K)"
            + "\n  resumes from FILE.partial.jsonl when interrupted";

    @Override
    public String name() {
        return "collect";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "collect a base model's Jacobi trajectories (CLLM dataset format)";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("model", "prompts", "out", "block-size", "max-new-tokens", "limit", "seed",
                "device"), Set.of("augment", "labels", "help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Repeatability.warn(err, "collect");
        TrajectoryCollection.Summary s = TrajectoryCollection.run(new TrajectoryCollection.Settings(
                Path.of(a.required("model")), Path.of(a.required("prompts")), Path.of(a.required("out")),
                a.integer("block-size", 16, 1), a.integer("max-new-tokens", 256, 1), a.flag("augment"),
                a.flag("labels"), a.integer("limit", Integer.MAX_VALUE, 1), a.longValue("seed", 0),
                a.string("device", "auto")), out, StopRequest::isRequested);
        out.printf("prompts %d, kept %d, dropped %d, blocks %d, states %d, %.1f s%n", s.prompts(), s.kept(),
                s.dropped(), s.records(), s.states(), s.seconds());
        return 0;
    }
}
