package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import dev.jacobilens.store.method.Lookahead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Greedy lookahead decoding (Fu et al. 2024, "Break the Sequential Dependency of LLM Inference
 * Using Lookahead Decoding"). Every pass runs, after the current token (the previous pass's
 * greedy prediction, so known right):
 * <ul>
 * <li>the <b>lookahead branch</b>: a window of W columns over N−1 levels. Column i is one Jacobi
 *     chain: level 0 tokens 0..i (level 0 column 0 is the current token), then column i of
 *     levels 1..N−2, at consecutive positions. The pass's prediction at the top of each column
 *     becomes the new top level; the levels shift down by one, and each column's tokens from
 *     the old level 0 up to the new prediction form an n-gram that goes into the pool;
 * <li>the <b>verification branch</b>: up to G n-grams from the pool that start with the current
 *     token, each its own causal chain after it. The longest one whose tokens equal the model's
 *     own greedy predictions along it is accepted.
 * </ul>
 * Every accepted token is the greedy prediction after an accepted prefix, so the output equals
 * greedy autoregressive output. Each pass is recorded as a block of the tokens it accepted
 * (as AR records blocks of one), with the window and candidates in the event's detail and the
 * recording ({@link #candidatesOf}).
 */
public final class LookaheadDecoder {
    private LookaheadDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel model, int[] prompt, int maxNewTokens, Lookahead settings,
                                       long seed, DecodeListener listener, Cancellation cancel) {
        int w = settings.window();
        int n = settings.ngram();
        Random rng = new Random(seed);
        NgramPool pool = new NgramPool(n, Math.max(1, settings.guesses()));
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            run.prefill();
            int[] text = new int[prompt.length + run.budget + n];
            System.arraycopy(prompt, 0, text, 0, prompt.length);
            int textLength = prompt.length;
            if (settings.textNgrams()) {
                pool.addAll(text, textLength, 0);
            }
            int[][] window = new int[n - 1][w];
            for (int[] level : window) {
                for (int i = 0; i < w; i++) {
                    level[i] = run.poolToken(rng.nextInt(run.poolSize()));
                }
            }
            int maxPos = model.config().maxPositionEmbeddings();
            while (run.stopReason == null) {
                if (run.stopIfCancelled(cancel)) {
                    break;
                }
                long start = System.nanoTime();
                int position = run.cache.length();
                int[] accepted;
                PassCandidates detail = null;
                if (position + w + n - 2 >= maxPos) {
                    // No room for the window near the end of the context: a plain AR pass.
                    accepted = new int[] {run.next};
                    run.next = run.pass(accepted, false)[0];
                } else {
                    window[0][0] = run.next;
                    List<int[]> candidates = pool.candidates(run.next, settings.guesses());
                    Pass pass = new Pass(w, n, candidates.size());
                    int[] predicted = run.passTree(pass.tokens(window, candidates), pass.positions(position),
                            pass.visibility());
                    Verified v = verify(pass, candidates, predicted, run.next);
                    run.keep(position + 1, position + (v.best < 0 ? 1 : pass.candidateIndex(v.best, 1)),
                            v.tokens.length - 1);
                    // the budget may keep fewer of the verified tokens than the candidate matched
                    detail = candidatesOf(run.nextPassNumber(), window, candidates, v.best,
                            Math.min(v.tokens.length, run.remaining()));
                    harvest(window, pass, predicted, pool);
                    accepted = v.tokens;
                    run.next = v.next;
                    detail = withPoolSize(detail, pool.size());
                    run.candidates.add(detail);
                }
                accepted = Arrays.copyOf(accepted, Math.min(accepted.length, run.remaining()));
                BlockTracker block = new BlockTracker(run.blocks.size(), run.generated.size(), accepted, listener);
                block.pass(accepted, accepted, accepted.length, true, System.nanoTime() - start, detail);
                run.blocks.add(block.finish());
                System.arraycopy(accepted, 0, text, textLength, accepted.length);
                textLength += accepted.length;
                if (settings.textNgrams()) {
                    pool.addAll(text, textLength, textLength - accepted.length);
                }
                run.accept(accepted);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason, 0, run.candidates);
        }
    }

    /** The accepted tokens (the current one first), the best candidate (-1: none) and the next prediction. */
    private record Verified(int[] tokens, int best, int next) {
    }

    /**
     * Walks the candidates along the model's predictions: after accepting k tokens, the
     * prediction there is right, and a candidate that has it as its (k+1)-th token stays in.
     * All candidates still in share the accepted prefix, so any of them gives the same next
     * prediction; the first is used.
     */
    private static Verified verify(Pass pass, List<int[]> candidates, int[] predicted, int current) {
        List<Integer> tokens = new ArrayList<>(List.of(current));
        int best = -1;
        int y = predicted[0];
        List<Integer> active = new ArrayList<>();
        for (int g = 0; g < candidates.size(); g++) {
            active.add(g);
        }
        for (int k = 1; k < pass.n; k++) {
            final int want = y;
            final int at = k;
            active.removeIf(g -> candidates.get(g)[at] != want);
            if (active.isEmpty()) {
                break;
            }
            best = active.get(0);
            tokens.add(y);
            y = predicted[pass.candidateIndex(best, k)];
        }
        return new Verified(tokens.stream().mapToInt(Integer::intValue).toArray(), best, y);
    }

    /** Shifts the window's levels down and tops it with this pass's predictions; pools each column's n-gram. */
    private static void harvest(int[][] window, Pass pass, int[] predicted, NgramPool pool) {
        int levels = window.length;
        int[] oldBottom = window[0].clone();
        int[] top = new int[pass.w];
        for (int i = 0; i < pass.w; i++) {
            top[i] = predicted[pass.windowIndex(levels - 1, i)];
        }
        for (int l = 0; l + 1 < levels; l++) {
            window[l] = window[l + 1];
        }
        window[levels - 1] = top;
        for (int i = 0; i < pass.w; i++) {
            int[] ngram = new int[pass.n];
            ngram[0] = oldBottom[i];
            for (int l = 0; l < levels; l++) {
                ngram[l + 1] = window[l][i];
            }
            pool.add(ngram);
        }
    }

    /**
     * The pass as the recording keeps it: each window level as it went in (level l at offset l
     * after the current token), then the pool's n-grams (from the current token); the accepted
     * n-gram's kept tokens counted, the others' only the current token.
     */
    private static PassCandidates candidatesOf(int passNumber, int[][] window, List<int[]> ngrams, int best,
                                               int kept) {
        List<Candidate> out = new ArrayList<>();
        for (int level = 0; level < window.length; level++) {
            out.add(new Candidate(Role.WINDOW, window[level].clone(), level, -1, 0, Map.of("level", level)));
        }
        for (int g = 0; g < ngrams.size(); g++) {
            out.add(new Candidate(Role.NGRAM, ngrams.get(g).clone(), 0, g == best ? kept : 1));
        }
        return new PassCandidates(passNumber, out, Map.of());
    }

    private static PassCandidates withPoolSize(PassCandidates c, int poolSize) {
        return new PassCandidates(c.pass(), c.candidates(), Map.of(PassCandidates.POOL_SIZE, poolSize));
    }

    /**
     * Layout of one pass's input: index 0 the current token; 1..W−1 level 0's other columns;
     * then levels 1..N−2 column by column; then each candidate's tokens after the first.
     */
    static final class Pass {
        final int w;
        final int n;
        final int guesses;

        Pass(int w, int n, int guesses) {
            this.w = w;
            this.n = n;
            this.guesses = guesses;
        }

        int size() {
            return w * (n - 1) + guesses * (n - 1);
        }

        /** Level 0 column i sits at index i (column 0 being the current token). */
        int windowIndex(int level, int column) {
            return level * w + column;
        }

        /** Token k (1..N−1) of candidate g; token 0 is the current token at index 0. */
        int candidateIndex(int g, int k) {
            return w * (n - 1) + g * (n - 1) + (k - 1);
        }

        int[] tokens(int[][] window, List<int[]> candidates) {
            int[] t = new int[size()];
            for (int l = 0; l < n - 1; l++) {
                System.arraycopy(window[l], 0, t, windowIndex(l, 0), w);
            }
            for (int g = 0; g < guesses; g++) {
                for (int k = 1; k < n; k++) {
                    t[candidateIndex(g, k)] = candidates.get(g)[k];
                }
            }
            return t;
        }

        /** Level l column i is l + i after the current token; candidate token k is k after it. */
        int[] positions(int current) {
            int[] p = new int[size()];
            for (int l = 0; l < n - 1; l++) {
                for (int i = 0; i < w; i++) {
                    p[windowIndex(l, i)] = current + l + i;
                }
            }
            for (int g = 0; g < guesses; g++) {
                for (int k = 1; k < n; k++) {
                    p[candidateIndex(g, k)] = current + k;
                }
            }
            return p;
        }

        /**
         * Each token sees its own chain: level 0 up to its column, then the same column's levels
         * up to its own (window); the current token and the candidate's earlier tokens (candidates).
         */
        boolean[][] visibility() {
            boolean[][] v = new boolean[size()][size()];
            for (int l = 0; l < n - 1; l++) {
                for (int i = 0; i < w; i++) {
                    boolean[] row = v[windowIndex(l, i)];
                    for (int j = 0; j <= i; j++) {
                        row[windowIndex(0, j)] = true;
                    }
                    for (int up = 1; up <= l; up++) {
                        row[windowIndex(up, i)] = true;
                    }
                }
            }
            for (int g = 0; g < guesses; g++) {
                for (int k = 1; k < n; k++) {
                    boolean[] row = v[candidateIndex(g, k)];
                    row[0] = true;
                    for (int j = 1; j <= k; j++) {
                        row[candidateIndex(g, j)] = true;
                    }
                }
            }
            return v;
        }
    }
}
