package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.EngineException;

/**
 * Lookahead decoding's parameters (Fu et al. 2024).
 *
 * @param window     W: columns of the lookahead window, i.e. parallel Jacobi guesses
 * @param ngram      N: n-gram size; the window keeps N−1 levels (Jacobi steps) and each
 *                   candidate n-gram can accept up to N tokens in one pass
 * @param guesses    G: most candidate n-grams verified per pass (also the pool's n-grams per key)
 * @param textNgrams also put the prompt's and the accepted output's n-grams into the pool
 *                   (prompt-lookup style): they are exact text, so they often match again
 */
public record LookaheadSettings(int window, int ngram, int guesses, boolean textNgrams) {
    /** The defaults tuned on the maths pair (assets/benchmark). */
    public static final LookaheadSettings DEFAULTS = new LookaheadSettings(12, 6, 12, true);

    public LookaheadSettings {
        if (window < 1 || ngram < 2 || guesses < 0) {
            throw new EngineException("lookahead needs window W >= 1, n-gram size N >= 2 and guesses G >= 0, got W="
                    + window + " N=" + ngram + " G=" + guesses);
        }
        if (window > 64 || ngram > 16 || guesses > 64) {
            throw new EngineException("lookahead W, N and G are limited to 64, 16 and 64 (each pass runs W*(N-1)+G*(N-1)"
                    + " tokens), got W=" + window + " N=" + ngram + " G=" + guesses);
        }
    }

    /** Tokens one lookahead pass runs: the current token, the window and the candidates. */
    public int tokensPerPass() {
        return window * (ngram - 1) + guesses * (ngram - 1);
    }
}
