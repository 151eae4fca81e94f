package dev.jacobilens.train;

import dev.jacobilens.corpus.Answers;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.TextTokenizer;
import dev.jacobilens.engine.MethodDecoders;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.engine.model.LlamaModel;

import java.util.List;

/**
 * Exact-match accuracy of the final {@code #### N} answer under greedy decoding, the GSM8K
 * metric, with the decoding statistics that come with it.
 */
public final class AnswerEvaluation {
    /**
     * @param problems        problems decoded
     * @param correct         final answers equal to the reference's
     * @param meanAnswerTokens mean generated tokens per problem
     * @param forwardPasses   forward passes in total (prompt passes included)
     * @param generatedTokens tokens generated in total
     * @param seconds         wall time of all decodes
     */
    public record Result(int problems, int correct, double meanAnswerTokens, long forwardPasses,
                         long generatedTokens, double seconds) {
        public double accuracy() {
            return problems == 0 ? 0 : correct / (double) problems;
        }

        public double tokensPerForward() {
            return forwardPasses == 0 ? 0 : generatedTokens / (double) forwardPasses;
        }
    }

    /** Receives each problem's output as it is decoded. */
    public interface Listener {
        void onProblem(int index, Problem problem, int[] outputIds, boolean correct, DecodeOutcome outcome);
    }

    private AnswerEvaluation() {
    }

    /**
     * @param method how to decode: any method that needs no draft model
     */
    public static Result run(LlamaModel model, TextTokenizer tokenizer, List<Problem> problems, DecodeMethod method,
                             int maxNewTokens, long seed, Listener listener) {
        int correct = 0;
        long tokens = 0;
        long passes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < problems.size(); i++) {
            if (StopRequest.isRequested()) {
                break; // the process is stopping; what is counted so far is all there is
            }
            Problem p = problems.get(i);
            int[] prompt = tokenizer.encode(p.question());
            DecodeOutcome out = MethodDecoders.decode(model, prompt,
                    new DecodeSettings(method, seed + i, maxNewTokens, null), null, DecodeListener.NONE,
                    new Cancellation());
            boolean ok = Answers.sameFinal(tokenizer.decode(out.outputIds()), p.answer());
            if (ok) {
                correct++;
            }
            tokens += out.outputIds().length;
            passes += out.forwardPasses();
            if (listener != null) {
                listener.onProblem(i, p, out.outputIds(), ok, out);
            }
        }
        return new Result(problems.size(), correct, problems.isEmpty() ? 0 : tokens / (double) problems.size(),
                passes, tokens, (System.nanoTime() - start) / 1e9);
    }
}
