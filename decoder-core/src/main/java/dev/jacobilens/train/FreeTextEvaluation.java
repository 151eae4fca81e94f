package dev.jacobilens.train;

import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.TextTokenizer;
import dev.jacobilens.engine.bench.Perplexity;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.TextQuality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What distillation trades off on free text, where there is no answer to check: Jacobi tokens
 * per forward pass of the model being trained, and the quality of what it writes, measured by
 * the base model's perplexity of it and its repetition rate ({@link TextQuality}).
 */
public final class FreeTextEvaluation {
    private FreeTextEvaluation() {
    }

    /**
     * @param scorer the base model that scores the outputs (perplexity)
     */
    public static Map<String, Double> run(LlamaModel model, LlamaModel scorer, TextTokenizer tokenizer,
                                          List<Prompt> prompts, int blockSize, int maxNewTokens) {
        long tokens = 0;
        long passes = 0;
        TextQuality.Repetition repetition = TextQuality.Repetition.NONE;
        TextQuality.LogLikelihood likelihood = TextQuality.LogLikelihood.NONE;
        for (int i = 0; i < prompts.size(); i++) {
            int[] prompt = tokenizer.encode(prompts.get(i).text());
            DecodeOutcome out = JacobiDecoder.decode(model, prompt, blockSize, maxNewTokens, i, DecodeListener.NONE,
                    new Cancellation());
            int[] text = TextQuality.untilFirstEos(out.outputIds(), model.config()::isEos);
            tokens += out.outputIds().length;
            passes += out.forwardPasses();
            repetition = repetition.plus(TextQuality.repetition(text));
            likelihood = likelihood.plus(Perplexity.score(scorer, prompt, text));
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("jacobi_tokens_per_forward", passes == 0 ? 0 : tokens / (double) passes);
        result.put("base_perplexity", likelihood.perplexity());
        result.put("repetition_rate", repetition.rate());
        return result;
    }
}
