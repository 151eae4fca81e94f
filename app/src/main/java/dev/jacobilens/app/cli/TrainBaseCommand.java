package dev.jacobilens.app.cli;

import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.train.BaseModelTraining;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code train-base}: trains the base model from scratch on a corpus. */
final class TrainBaseCommand implements Command {
    static final String USAGE = "usage: jacobi-lens train-base --corpus DIR --out DIR [--config small|draft|tiny]"
            + " [--steps N] [--batch N] [--lr X] [--warmup N] [--seed S] [--eval-every N] [--eval-problems N]"
            + " [--final-eval-problems N] [--learn-prompt] [--resume] [--device auto|cpu|gpu]";

    @Override
    public String name() {
        return "train-base";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "train the base (standard) model from scratch on a corpus";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("corpus", "out", "config", "steps", "batch", "lr", "warmup", "seed",
                "eval-every", "eval-problems", "final-eval-problems", "device"), Set.of("resume", "learn-prompt", "help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        int steps = a.integer("steps", 1500, 1);
        BaseModelTraining.Settings s = new BaseModelTraining.Settings(Path.of(a.required("corpus")),
                Path.of(a.required("out")), a.choice("config", "small", "small", "draft", "tiny"), steps,
                a.integer("batch", 32, 1), a.real("lr", 2e-3, 0, 1),
                a.integer("warmup", Math.max(1, steps / 20), 0), a.longValue("seed", 1),
                a.integer("eval-every", 250, 0), a.integer("eval-problems", 100, 0),
                a.integer("final-eval-problems", 500, 0), a.flag("resume"), a.string("device", "auto"),
                a.flag("learn-prompt"));
        Repeatability.warn(err, "train-base");
        BaseModelTraining.run(s, out, StopRequest::isRequested);
        return 0;
    }
}
