package dev.jacobilens.app.cli;

import dev.jacobilens.distill.ConsistencyObjective;
import dev.jacobilens.distill.Distillation;
import dev.jacobilens.distill.JacobiForcingObjective;
import dev.jacobilens.distill.NoiseSchedule;
import dev.jacobilens.distill.SampledContinuations;
import dev.jacobilens.engine.StopRequest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code distill}: consistency distillation of a base model on its trajectories. */
final class DistillCommand implements Command {
    static final String USAGE = "usage: jacobi-lens distill --model DIR --trajectories FILE --out DIR [--steps N]"
            + " [--batch N] [--lr X] [--warmup N] [--ar-weight 10] [--consistency-weight 1]"
            + " [--label-smoothing 0.1] [--ar-scope all|answer|block]"
            + " [--use-labels | --ar-prompts FILE.jsonl | --ar-sampled [--temperature 1] [--top-p 0.9]] [--init DIR]"
            + " [--noised-states 0..1] [--consistency-target soft|hard] [--eval-prompts FILE]"
            + " [--eval-problems N] [--eval-every N] [--block-size 16] [--seed S] [--resume] [--device auto|cpu|gpu]"
            + " [--objective consistency|jacobi-forcing [--noise-schedule linear:0-1] [--packed-blocks 8] [--context clean|noisy]]\n"
            + "  --objective jacobi-forcing: several blocks of a generation packed in one sequence, each at the noise"
            + " ratio\n    --noise-schedule gives it (linear:A-B over the packed blocks, uniform:A-B, or a list R1,R2,...;"
            + " ratios 0..1),\n    up to --packed-blocks blocks per sequence; --batch counts packed sequences; --context noisy: a noisy"
            + " block reads\n    the earlier blocks' noisy copies (the reference's multi-block trainer), not their fixed points\n"
            + "  --ar-sampled: the AR loss runs on one continuation per trajectory prompt sampled from --model\n"
            + "  --init DIR: start from DIR's weights (an earlier stage) instead of --model's; --model stays the base";

    @Override
    public String name() {
        return "distill";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "train a consistency model from a base model's trajectories";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("model", "trajectories", "out", "steps", "batch", "lr", "warmup", "ar-weight",
                "consistency-weight", "label-smoothing", "ar-scope", "eval-prompts", "eval-problems", "eval-every",
                "block-size", "seed", "device", "noised-states", "ar-prompts", "consistency-target", "init", "temperature",
                "top-p", "objective", "noise-schedule", "packed-blocks", "context"),
                Set.of("use-labels", "resume", "help", "ar-sampled"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        int steps = a.integer("steps", 1000, 1);
        ConsistencyObjective.Weights weights = new ConsistencyObjective.Weights(
                a.real("ar-weight", 10, 0, 1e6), a.real("consistency-weight", 1, 0, 1e6),
                a.real("label-smoothing", 0.1, 0, 1),
                ConsistencyObjective.ArScope.valueOf(a.choice("ar-scope", "all", "all", "answer", "block")
                        .toUpperCase(Locale.ROOT)), a.flag("use-labels"),
                a.real("noised-states", 0, 0, 1),
                a.choice("consistency-target", "soft", "soft", "hard").equals("hard"));
        String evalPrompts = a.string("eval-prompts", null);
        String arPrompts = a.string("ar-prompts", null);
        String init = a.string("init", null);
        boolean sampled = a.flag("ar-sampled");
        if (!sampled && (a.string("temperature", null) != null || a.string("top-p", null) != null)) {
            throw new Args.UsageException("--temperature and --top-p set the sampling of --ar-sampled: add it");
        }
        SampledContinuations.Sampling sampling = sampled
                ? new SampledContinuations.Sampling(a.real("temperature", 1, 0.01, 10), a.real("top-p", 0.9, 1e-6, 1))
                : null;
        JacobiForcingObjective.Options jacobiForcing = null;
        if (a.choice("objective", "consistency", "consistency", "jacobi-forcing").equals("jacobi-forcing")) {
            NoiseSchedule schedule;
            try {
                schedule = NoiseSchedule.parse(a.string("noise-schedule", "linear:0-1"));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--noise-schedule: " + e.getMessage());
            }
            jacobiForcing = new JacobiForcingObjective.Options(schedule, a.integer("packed-blocks", 8, 1),
                    a.choice("context", "clean", "clean", "noisy").equals("noisy"));
            if (a.flag("use-labels")) {
                throw new Args.UsageException("--use-labels is not available with --objective jacobi-forcing (its AR"
                        + " loss runs on the packed clean text, or on --ar-prompts)");
            }
        } else if (a.string("noise-schedule", null) != null || a.string("packed-blocks", null) != null
                || a.string("context", null) != null) {
            throw new Args.UsageException("--noise-schedule, --packed-blocks and --context set the Jacobi Forcing"
                    + " objective: add --objective jacobi-forcing");
        }
        Repeatability.warn(err, "distill");
        Distillation.run(new Distillation.Settings(Path.of(a.required("model")), Path.of(a.required("trajectories")),
                Path.of(a.required("out")), steps, a.integer("batch", 16, 1), a.real("lr", 3e-4, 0, 1),
                a.integer("warmup", Math.max(1, steps / 20), 0), a.longValue("seed", 1), weights,
                evalPrompts == null ? null : Path.of(evalPrompts), a.integer("eval-problems", 50, 0),
                a.integer("eval-every", 250, 0), a.integer("block-size", 16, 1), a.flag("resume"),
                a.string("device", "auto"), arPrompts == null ? null : Path.of(arPrompts),
                init == null ? null : Path.of(init), sampling, jacobiForcing), out, StopRequest::isRequested);
        return 0;
    }
}
