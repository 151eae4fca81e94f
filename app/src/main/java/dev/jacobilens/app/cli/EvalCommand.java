package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.Models;
import dev.jacobilens.train.AnswerEvaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code eval}: exact-match accuracy of the {@code #### N} answer under greedy decoding. With
 * {@code --check-jacobi} every problem is also Jacobi-decoded and the outputs compared token by
 * token: the engine's guarantee is that they are identical.
 */
final class EvalCommand implements Command {
    static final String USAGE = "usage: jacobi-lens eval --model DIR --prompts FILE.jsonl [--limit N]"
            + " [--strategy ar|jacobi] [--block-size N] [--max-new-tokens N] [--check-jacobi] [--device auto|cpu|gpu]";

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "exact-match accuracy of greedy answers on a GSM8K-format JSONL file";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("model", "prompts", "limit", "strategy", "block-size", "max-new-tokens",
                "device", "seed"), Set.of("check-jacobi", "help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path prompts = Path.of(a.required("prompts"));
        List<Problem> problems = GsmJsonl.read(prompts);
        int limit = a.integer("limit", problems.size(), 1);
        problems = problems.subList(0, Math.min(limit, problems.size()));
        String strategy = a.choice("strategy", "ar", "ar", "jacobi");
        int blockSize = a.integer("block-size", 16, 1);
        int maxNew = a.integer("max-new-tokens", 256, 1);
        long seed = a.longValue("seed", 0);
        try (LoadedModel m = Models.load(Path.of(a.required("model")), a.string("device", "auto"))) {
            List<int[]> outputs = new ArrayList<>();
            AnswerEvaluation.Result r = AnswerEvaluation.run(m.model(), m.tokenizer(), problems,
                    strategy.equals("ar") ? 0 : blockSize, maxNew, seed,
                    (i, p, ids, ok, outcome) -> outputs.add(ids));
            if (StopRequest.isRequested()) {
                return 0; // cut short: no accuracy to report (the CLI reports the stop)
            }
            out.printf("model %s on %s, %s%s decoding, %s%n", m.info().name(), m.device(), strategy,
                    strategy.equals("ar") ? "" : " n=" + blockSize, prompts);
            out.printf("problems          %d%n", r.problems());
            out.printf("accuracy          %.1f%% (%d correct)%n", 100 * r.accuracy(), r.correct());
            out.printf("mean answer       %.1f tokens%n", r.meanAnswerTokens());
            out.printf("tokens/forward    %.3f%n", r.tokensPerForward());
            out.printf("wall time         %.1f s%n", r.seconds());
            if (a.flag("check-jacobi")) {
                List<int[]> jacobi = new ArrayList<>();
                AnswerEvaluation.Result j = AnswerEvaluation.run(m.model(), m.tokenizer(), problems,
                        strategy.equals("ar") ? blockSize : 0, maxNew, seed, (i, p, ids, ok, outcome) -> jacobi.add(ids));
                int differing = 0;
                for (int i = 0; i < outputs.size(); i++) {
                    if (!Arrays.equals(outputs.get(i), jacobi.get(i))) {
                        differing++;
                    }
                }
                out.printf("%s outputs identical to %s: %d of %d (accuracy %.1f%%)%n",
                        strategy.equals("ar") ? "jacobi n=" + blockSize : "ar", strategy,
                        outputs.size() - differing, outputs.size(), 100 * j.accuracy());
                return differing == 0 ? 0 : 1;
            }
            return 0;
        }
    }
}
