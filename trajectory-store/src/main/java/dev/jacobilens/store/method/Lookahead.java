package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/**
 * Lookahead decoding (Fu et al. 2024): each pass runs a window of W parallel Jacobi guesses over
 * N−1 levels, harvesting n-grams into a pool, and verifies up to G pool n-grams in the same pass.
 *
 * @param window     W: columns of the lookahead window, i.e. parallel Jacobi guesses
 * @param ngram      N: n-gram size; the window keeps N−1 levels and a candidate can accept up to N tokens
 * @param guesses    G: most candidate n-grams verified per pass (also the pool's n-grams per key)
 * @param textNgrams also pool the prompt's and the accepted output's own n-grams
 */
public record Lookahead(int window, int ngram, int guesses, boolean textNgrams) implements DecodeMethod {
    public static final MethodParameter WINDOW = MethodParameter.number("window", "Window W", "W", 1, 64, 12,
            "Parallel Jacobi guesses in the lookahead window; their n-grams feed the pool");
    public static final MethodParameter NGRAM = MethodParameter.number("ngram", "N-gram N", "N", 2, 16, 6,
            "N-gram size: the window keeps N−1 levels, and a verified n-gram accepts up to N tokens in one pass");
    public static final MethodParameter GUESSES = MethodParameter.number("guesses", "Guesses G", "G", 0, 64, 12,
            "Most pool n-grams verified per pass (each pass runs W·(N−1) + G·(N−1) tokens)");
    public static final MethodParameter TEXT_NGRAMS = MethodParameter.onOff("text_ngrams", "Text n-grams", "text", true,
            "Also pool the prompt's and the output's own n-grams: exact text, so they often match again");
    /** The defaults tuned on the maths pair (assets/benchmark). */
    public static final Lookahead DEFAULT = new Lookahead(12, 6, 12, true);

    public Lookahead {
        WINDOW.check("lookahead", window);
        NGRAM.check("lookahead", ngram);
        GUESSES.check("lookahead", guesses);
    }

    private static final MethodDescriptor DESCRIPTOR = new MethodDescriptor("lookahead", "Lookahead",
            "Lookahead: an n-gram pool, a Jacobi window and the verification of pool n-grams in one pass",
            List.of(WINDOW, NGRAM, GUESSES, TEXT_NGRAMS));

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<Integer> valuesInOrder() {
        return List.of(window, ngram, guesses, textNgrams ? 1 : 0);
    }

    @Override
    public Lookahead withValues(Map<String, Integer> values) {
        return new Lookahead(values.get(WINDOW.key()), values.get(NGRAM.key()), values.get(GUESSES.key()),
                values.get(TEXT_NGRAMS.key()) != 0);
    }

    @Override
    public String describe() {
        return "lookahead W=" + window + " N=" + ngram + " G=" + guesses + (textNgrams ? "" : " no text n-grams");
    }

    /** Tokens one pass runs: the current token and the window, then the candidates. */
    public int tokensPerPass() {
        return window * (ngram - 1) + guesses * (ngram - 1);
    }
}
