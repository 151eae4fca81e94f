package dev.jacobilens.store;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Quality of free text without labels, measured on a run's output ids (up to and including the
 * first EOS: what a reader sees; a decoder that runs past EOS must not be charged for it):
 *
 * <ul>
 * <li><b>repetition rate</b>: the share of the output's {@value #NGRAM}-grams (one starting at
 *     each position that has {@value #NGRAM} tokens) equal to an earlier {@value #NGRAM}-gram of
 *     the same output. "a b c d a b c d" has five 4-grams of which one (the second "a b c d")
 *     repeats: 0.2. Over a set of outputs: repeated 4-grams over all 4-grams;</li>
 * <li><b>perplexity</b> under a scoring model (the pair's standard model):
 *     exp(total negative log-likelihood of the output tokens given the prompt and the tokens
 *     before them / number of tokens scored). Over a set of outputs the totals are summed first,
 *     so every token weighs the same.</li>
 * </ul>
 */
public final class TextQuality {
    /** The n-gram length of the repetition rate. */
    public static final int NGRAM = 4;

    private TextQuality() {
    }

    /** Counts of one output or a set of outputs; add them up with {@link #plus}. */
    public record Repetition(long repeated, long total) {
        public static final Repetition NONE = new Repetition(0, 0);

        public Repetition plus(Repetition o) {
            return new Repetition(repeated + o.repeated, total + o.total);
        }

        /** Repeated n-grams over all n-grams; 0 when the outputs hold no n-gram at all. */
        public double rate() {
            return total == 0 ? 0 : repeated / (double) total;
        }
    }

    /** Negative log-likelihood summed over scored tokens; add them up with {@link #plus}. */
    public record LogLikelihood(double negativeLogLikelihood, long tokens) {
        public static final LogLikelihood NONE = new LogLikelihood(0, 0);

        public LogLikelihood plus(LogLikelihood o) {
            return new LogLikelihood(negativeLogLikelihood + o.negativeLogLikelihood, tokens + o.tokens);
        }

        /** exp(mean negative log-likelihood per token); NaN when no token was scored. */
        public double perplexity() {
            return tokens == 0 ? Double.NaN : Math.exp(negativeLogLikelihood / tokens);
        }
    }

    /** The output ids a reader sees: up to and including the first EOS (all of them without one). */
    public static int[] untilFirstEos(int[] ids, java.util.function.IntPredicate isEos) {
        for (int i = 0; i < ids.length; i++) {
            if (isEos.test(ids[i])) {
                return Arrays.copyOf(ids, i + 1);
            }
        }
        return ids.clone();
    }

    /** Repeated {@value #NGRAM}-grams of one output. */
    public static Repetition repetition(int[] ids) {
        return repetition(ids, NGRAM);
    }

    static Repetition repetition(int[] ids, int n) {
        long total = Math.max(0, ids.length - n + 1);
        long repeated = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i + n <= ids.length; i++) {
            if (!seen.add(Arrays.toString(Arrays.copyOfRange(ids, i, i + n)))) {
                repeated++;
            }
        }
        return new Repetition(repeated, total);
    }
}
