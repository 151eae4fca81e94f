package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.train.AnswerEvaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code eval}: exact-match accuracy of the {@code #### N} answer under greedy decoding. With
 * {@code --check-jacobi} every problem is also Jacobi-decoded and the outputs compared token by
 * token: the engine's guarantee is that they are identical.
 */
final class EvalCommand implements Command {
    static final String USAGE = "usage: jacobi-lens eval --model DIR --prompts FILE.jsonl [--limit N]"
            + " [--max-new-tokens N] [--check-jacobi] [--device auto|cpu|gpu]\n       " + MethodOptions.usage()
            + "\n       (default ar; a method that needs a draft model is refused)";

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
        Set<String> valued = new HashSet<>(Set.of("model", "prompts", "limit", "max-new-tokens", "device", "seed"));
        valued.addAll(MethodOptions.valued());
        Set<String> flags = new HashSet<>(Set.of("check-jacobi", "help"));
        flags.addAll(MethodOptions.flags());
        Args a = new Args(argv, valued, flags);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path prompts = Path.of(a.required("prompts"));
        List<Problem> problems = GsmJsonl.read(prompts);
        int limit = a.integer("limit", problems.size(), 1);
        problems = problems.subList(0, Math.min(limit, problems.size()));
        DecodeMethod chosen = MethodOptions.chosen(a, Autoregressive.INSTANCE);
        if (chosen.usesDraftModel()) {
            throw new Args.UsageException("eval decodes with one model; --method " + chosen.id()
                    + " needs a draft model (use decode or bench for it)");
        }
        // --check-jacobi compares with Jacobi, or, for a Jacobi run, with AR; its block size is an option too
        boolean checkWithJacobi = a.flag("check-jacobi") && !(chosen instanceof Jacobi);
        List<DecodeMethod> configured = MethodOptions.configure(a,
                checkWithJacobi ? List.of(chosen, Jacobi.DEFAULT) : List.of(chosen));
        DecodeMethod method = configured.get(0);
        DecodeMethod check = checkWithJacobi ? configured.get(1) : Autoregressive.INSTANCE;
        int maxNew = a.integer("max-new-tokens", 256, 1);
        long seed = a.longValue("seed", 0);
        try (LoadedModel m = Models.load(Path.of(a.required("model")), a.string("device", "auto"))) {
            List<int[]> outputs = new ArrayList<>();
            AnswerEvaluation.Result r = AnswerEvaluation.run(m.model(), m.tokenizer(), problems, method, maxNew, seed,
                    (i, p, ids, ok, outcome) -> outputs.add(ids));
            if (StopRequest.isRequested()) {
                return 0; // cut short: no accuracy to report (the CLI reports the stop)
            }
            out.printf("model %s on %s, %s decoding, %s%n", m.info().name(), m.device(), method.describe(), prompts);
            out.printf("problems          %d%n", r.problems());
            out.printf("accuracy          %.1f%% (%d correct)%n", 100 * r.accuracy(), r.correct());
            out.printf("mean answer       %.1f tokens%n", r.meanAnswerTokens());
            out.printf("tokens/forward    %.3f%n", r.tokensPerForward());
            out.printf("wall time         %.1f s%n", r.seconds());
            if (a.flag("check-jacobi")) {
                List<int[]> jacobi = new ArrayList<>();
                AnswerEvaluation.Result j = AnswerEvaluation.run(m.model(), m.tokenizer(), problems, check, maxNew,
                        seed, (i, p, ids, ok, outcome) -> jacobi.add(ids));
                int differing = 0;
                for (int i = 0; i < outputs.size(); i++) {
                    if (!Arrays.equals(outputs.get(i), jacobi.get(i))) {
                        differing++;
                    }
                }
                out.printf("%s outputs identical to %s: %d of %d (accuracy %.1f%%)%n", check.describe(),
                        method.describe(),
                        outputs.size() - differing, outputs.size(), 100 * j.accuracy());
                return differing == 0 ? 0 : 1;
            }
            return 0;
        }
    }
}
