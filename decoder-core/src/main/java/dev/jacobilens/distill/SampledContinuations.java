package dev.jacobilens.distill;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.decode.SamplingDecoder;
import dev.jacobilens.engine.decode.TokenSampler;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.TextQuality;
import dev.jacobilens.train.Example;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Text for the AR loss drawn from the base model's distribution instead of its greedy mode
 * ({@code distill --ar-sampled}): one sampled continuation per distinct prompt of the trajectories,
 * as long as the collected outputs.
 *
 * <p>The idea: on free text the teacher's greedy continuations loop (stories260K repeats about 28%
 * of its 4-grams in 128 tokens), an AR loss on them may sharpen the loops, while sampled text
 * repeats far less and still has the base model's greedy choice as its most likely token.
 * Measured on the stories pair it did not pay: repetition fell from 31.1% to 29.8%, still above
 * the base model's 28.5%, and Jacobi tokens per pass fell from 2.22 to 1.53 (assets/README.md).
 * The option stays so that the result can be reproduced, and for other models.
 */
public final class SampledContinuations {
    /** Sampling settings of the AR text. */
    public record Sampling(double temperature, double topP) {
        public Sampling {
            new TokenSampler(temperature, topP); // validates both, with its own messages
        }
    }

    private SampledContinuations() {
    }

    /**
     * Samples the continuations; prompt i is sampled with seed {@code seed + i}, so the same
     * trajectories, model and seed give the same text.
     *
     * @return the examples, or null when {@code stop} asked to stop in between
     */
    public static List<Example> of(LlamaModel base, TrajectoryData data, Sampling sampling, long seed,
                                   PrintStream log, BooleanSupplier stop) {
        List<int[]> prompts = distinctPrompts(data);
        int maxNewTokens = outputLength(data);
        TokenSampler sampler = new TokenSampler(sampling.temperature(), sampling.topP());
        List<Example> out = new ArrayList<>(prompts.size());
        TextQuality.Repetition repetition = TextQuality.Repetition.NONE;
        long started = System.nanoTime();
        for (int i = 0; i < prompts.size(); i++) {
            if (stop.getAsBoolean()) {
                return null;
            }
            int[] prompt = prompts.get(i);
            int[] text = SamplingDecoder.decode(base, prompt, maxNewTokens, sampler, seed + i, DecodeListener.NONE,
                    new Cancellation()).outputIds();
            out.add(new Example(prompt, text));
            repetition = repetition.plus(TextQuality.repetition(TextQuality.untilFirstEos(text, base.config()::isEos)));
            if ((i + 1) % 500 == 0 || i + 1 == prompts.size()) {
                log.printf("sampled %d/%d AR continuations (temperature %s, top-p %s), %.1f s%n", i + 1,
                        prompts.size(), sampling.temperature(), sampling.topP(), (System.nanoTime() - started) / 1e9);
            }
        }
        log.printf("the sampled text repeats %.1f%% of its 4-grams (bench's repetition rate)%n", 100 * repetition.rate());
        return out;
    }

    /** The trajectories' prompts (each block's prefix up to its question length), in file order, once each. */
    static List<int[]> distinctPrompts(TrajectoryData data) {
        Map<List<Integer>, int[]> prompts = new LinkedHashMap<>();
        for (TrajectoryData.Block b : data.blocks()) {
            int[] q = Arrays.copyOf(b.prefix(), b.questionLength());
            prompts.putIfAbsent(Arrays.stream(q).boxed().toList(), q);
        }
        return List.copyOf(prompts.values());
    }

    /** The longest collected output: earlier blocks plus the block itself. */
    static int outputLength(TrajectoryData data) {
        int longest = 1;
        for (TrajectoryData.Block b : data.blocks()) {
            longest = Math.max(longest, b.prefix().length - b.questionLength() + b.fixedPoint().length);
        }
        return longest;
    }
}
