package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.StoryOpenings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code openings}: the story openings the stories pair is distilled and benchmarked on. */
final class OpeningsCommand implements Command {
    static final String USAGE = "usage: jacobi-lens openings --out DIR [--train 2000] [--test 200] [--seed 1]\n"
            + "  writes DIR/train.txt and DIR/test.txt, one story opening per line, no opening in both";

    @Override
    public String name() {
        return "openings";
    }

    @Override
    public String summary() {
        return "generate story openings (free-text prompts) for the stories pair";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("out", "train", "test", "seed"), Set.of("help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        int train = a.integer("train", 2000, 0);
        int test = a.integer("test", 200, 0);
        if ((long) train + test > StoryOpenings.available()) {
            throw new Args.UsageException("--train plus --test may be at most " + StoryOpenings.available()
                    + " openings, got " + (train + test));
        }
        Path dir = Path.of(a.required("out"));
        StoryOpenings.write(dir, train, test, a.longValue("seed", 1));
        out.printf("wrote %d training and %d test openings to %s%n", train, test, dir);
        return 0;
    }
}
