package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.store.method.MultiBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Greedy multi-block Jacobi decoding with rejection recycling, the inference of Jacobi Forcing
 * (Hu et al. 2025; hao-ai-lab/JacobiForcing, whose "real-active" block is our first block and
 * whose "pseudo-active" blocks are our later blocks).
 *
 * <p>Up to K blocks of n tokens are in flight. Each forward pass runs, at consecutive positions
 * and causally over the whole sequence, the first block's unaccepted tail (its first token known
 * right) followed by every later block's current state; each position then takes the prediction
 * made at the position before it (Jacobi's shift, across block borders). The first block accepts
 * its unchanged prefix exactly as {@link JacobiDecoder} does and the cache is rolled back to just
 * after the accepted tokens; the later blocks accept nothing, they are drafts refined under a
 * prefix that is not yet right. When the first block converges, the next block in flight becomes
 * the first, its first token replaced by the converged block's prediction (known right), and its
 * other tokens, refined over the passes it spent in flight, as its initial guess. A new block
 * starts behind the last one in flight once that one has {@link MultiBlock#spawnThreshold()}
 * tokens accepted (the first block) or left unchanged by the last pass (a later block, counted
 * over the whole block: its first token follows a block that is not yet right, so it rarely
 * settles first).
 *
 * <p>Rejection recycling: the n-grams of every state that went into a pass, and of the first
 * block's rejected tail after it, go into a pool keyed by their first token. Each pass also
 * verifies up to G pooled n-grams that start with the current token, each its own causal branch
 * after it (as lookahead's verification branch; a tree attention mask). The one that matches the
 * model's own greedy predictions along it for the most tokens is used when it accepts more than
 * the Jacobi rule does. Every accepted token is the greedy prediction after an accepted prefix,
 * so the output equals greedy autoregressive output; the later blocks and the pool only decide
 * how many tokens a pass accepts.
 *
 * <p>Each pass is a pass of the first block's trajectory (so blocks and passes count as for
 * Jacobi); the later blocks in flight before and after the pass and the recycled n-grams are its
 * {@link PassCandidates} (roles {@link Role#BLOCK}, {@link Role#BLOCK_AFTER}, {@link Role#NGRAM}).
 */
public final class MultiBlockDecoder {
    private MultiBlockDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel model, int[] prompt, int maxNewTokens, MultiBlock settings,
                                       long seed, DecodeListener listener, Cancellation cancel) {
        return decode(model, prompt, maxNewTokens, settings, seed, listener, cancel, null, false);
    }

    /**
     * With faults for tests: {@code maskEdit} replaces the pass's attention mask (every pass then
     * runs as a tree pass), {@code acceptOneMore} accepts one token past the unchanged prefix.
     */
    static DecodeOutcome decode(LlamaModel model, int[] prompt, int maxNewTokens, MultiBlock settings, long seed,
                                DecodeListener listener, Cancellation cancel, UnaryOperator<boolean[][]> maskEdit,
                                boolean acceptOneMore) {
        int n = settings.blockSize();
        int maxPos = model.config().maxPositionEmbeddings();
        if (n > maxPos) {
            throw new EngineException("multi-block block size (--" + MultiBlock.BLOCK_SIZE_PARAMETER.option() + ") "
                    + n + " does not fit the model's context of " + maxPos + " positions (max_position_embeddings)");
        }
        if (settings.tokensInFlight() > maxPos) {
            throw new EngineException("multi-block blocks in flight (--" + MultiBlock.BLOCKS.option() + ") "
                    + settings.blocks() + " of " + n + " tokens need " + settings.tokensInFlight()
                    + " positions but the model's context is " + maxPos + " (max_position_embeddings)");
        }
        Random rng = new Random(seed);
        NgramPool pool = settings.recycling() ? new NgramPool(settings.recycleNgram(), settings.recycleCandidates())
                : null;
        int threshold = settings.spawnThreshold();
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            run.prefill();
            Flight f = new Flight(run, guess(run, rng, Math.min(n, run.remaining()), run.next), listener);
            int[] positionsBuffer = new int[0];
            while (true) {
                if (run.stopIfCancelled(cancel)) {
                    run.truncate(f.base + f.accepted);
                    // as in Jacobi decoding, an unfinished first block is not kept: nor are its passes' candidates
                    int firstUncounted = run.nextPassNumber();
                    run.candidates.removeIf(c -> c.pass() >= firstUncounted);
                    break;
                }
                long start = System.nanoTime();
                // a block starts behind the last one in flight once that one is far enough
                while (f.later.size() + 1 < settings.blocks()) {
                    int lastStable = f.later.isEmpty() ? f.accepted : f.laterStable.get(f.laterStable.size() - 1);
                    int room = run.remaining() - f.tokensInFlight();
                    if (lastStable < threshold || room < 1) {
                        break;
                    }
                    f.spawn(guess(run, rng, Math.min(n, room), -1), run.blocks.size() + 1 + f.later.size());
                }
                int position = run.cache.length();
                int m = f.head.length - f.accepted;
                int[] chain = f.chain(m);
                List<int[]> candidates = pool == null || m < 2 ? List.of()
                        : pool.candidates(f.head[f.accepted], settings.recycleCandidates());
                int len = Math.min(settings.recycleNgram(), m);
                int[] predicted;
                if (candidates.isEmpty() && maskEdit == null) {
                    predicted = run.pass(chain, false);
                } else {
                    Layout layout = new Layout(chain.length, candidates.size(), len);
                    boolean[][] visible = layout.visibility();
                    predicted = run.passTree(layout.tokens(chain, candidates), layout.positions(position),
                            maskEdit == null ? visible : maskEdit.apply(visible));
                }

                // the first block: Jacobi's rule
                int[] before = f.head;
                int[] after = before.clone();
                System.arraycopy(predicted, 0, after, f.accepted + 1, m - 1);
                int unchanged = 1; // the first unaccepted token is always right
                while (unchanged < m && after[f.accepted + unchanged] == before[f.accepted + unchanged]) {
                    unchanged++;
                }
                if (acceptOneMore && unchanged < m) {
                    unchanged++;
                }
                // the recycled n-gram that matches the model's predictions for the most tokens
                int best = -1;
                int bestMatched = 0;
                Layout layout = new Layout(chain.length, candidates.size(), len);
                for (int g = 0; g < candidates.size(); g++) {
                    int[] c = candidates.get(g);
                    int k = 0;
                    while (k + 1 < len && c[k + 1] == predicted[layout.predictionAfter(g, k)]) {
                        k++;
                    }
                    if (k > bestMatched) {
                        best = g;
                        bestMatched = k;
                    }
                }
                boolean recycled = best >= 0 && 1 + bestMatched > unchanged;
                int newlyAccepted;
                int nextToken;
                if (recycled) {
                    newlyAccepted = 1 + bestMatched;
                    int[] c = candidates.get(best);
                    System.arraycopy(c, 1, after, f.accepted + 1, bestMatched);
                    nextToken = predicted[layout.predictionAfter(best, bestMatched)];
                    if (f.accepted + newlyAccepted < after.length) {
                        after[f.accepted + newlyAccepted] = nextToken;
                    }
                    // the candidate's tokens sit one after another in the input: one move per layer
                    run.keep(position + 1, position + layout.candidateIndex(best, 1), bestMatched);
                } else {
                    newlyAccepted = unchanged;
                    nextToken = predicted[unchanged - 1];
                    run.truncate(position + unchanged);
                }
                boolean converged = f.accepted + newlyAccepted == f.head.length;

                // the later blocks: the pass's predictions shifted in, across block borders
                List<int[]> laterAfter = new ArrayList<>(f.later.size());
                int offset = m;
                for (int b = 0; b < f.later.size(); b++) {
                    int[] was = f.later.get(b);
                    int[] now = new int[was.length];
                    System.arraycopy(predicted, offset - 1, now, 0, was.length);
                    int stable = 0; // tokens the pass left unchanged (its first one follows a block that may be wrong)
                    for (int j = 0; j < was.length; j++) {
                        stable += now[j] == was[j] ? 1 : 0;
                    }
                    f.laterStable.set(b, stable);
                    laterAfter.add(now);
                    offset += was.length;
                }

                PassCandidates detail = null;
                if (!f.later.isEmpty() || !candidates.isEmpty()) {
                    detail = detail(f, laterAfter, m, candidates, len, recycled ? best : -1, newlyAccepted,
                            pool == null ? 0 : pool.size());
                    run.candidates.add(detail);
                }
                if (pool != null) {
                    pool.addAll(chain, chain.length, 0);
                    if (!converged) {
                        int from = f.accepted + newlyAccepted - 1;
                        int[] tail = java.util.Arrays.copyOfRange(after, from, after.length);
                        pool.addAll(tail, tail.length, 0);
                    }
                }
                f.accepted += newlyAccepted;
                f.tracker.pass(before, after, newlyAccepted, converged, System.nanoTime() - start, detail);
                f.head = after;
                f.later.clear();
                f.later.addAll(laterAfter);
                f.passes++;
                if (converged) {
                    run.next = nextToken;
                    run.blocks.add(f.tracker.finish());
                    if (run.accept(after)) {
                        break;
                    }
                    int[] next = f.later.isEmpty() ? guess(run, rng, Math.min(n, run.remaining()), run.next)
                            : f.later.remove(0);
                    int stable = f.laterStable.isEmpty() ? 0 : f.laterStable.remove(0);
                    next[0] = run.next;
                    f.promote(next, stable);
                }
            }
            if (run.stopReason == null) {
                run.stopReason = StopReason.CANCELLED;
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason, 0, run.candidates);
        }
    }

    /** A block's initial guess: tokens drawn with the RNG from the prompt and the text so far; {@code first} if not -1. */
    private static int[] guess(DecodeRun run, Random rng, int size, int first) {
        int[] state = new int[size];
        for (int i = 0; i < size; i++) {
            state[i] = run.poolToken(rng.nextInt(run.poolSize()));
        }
        if (first >= 0) {
            state[0] = first;
        }
        return state;
    }

    /** The pass as the recording keeps it (see {@link PassCandidates}). */
    private static PassCandidates detail(Flight f, List<int[]> laterAfter, int m, List<int[]> candidates, int len,
                                         int used, int newlyAccepted, int poolSize) {
        List<Candidate> out = new ArrayList<>();
        int offset = m;
        for (int b = 0; b < f.later.size(); b++) {
            int[] was = f.later.get(b);
            out.add(new Candidate(Role.BLOCK, was, offset, -1, 0,
                    Map.of(PassCandidates.BLOCK, f.laterIndex.get(b), PassCandidates.STABLE, f.laterStable.get(b))));
            out.add(new Candidate(Role.BLOCK_AFTER, laterAfter.get(b), offset, out.size() - 1, 0, Map.of()));
            offset += was.length;
        }
        for (int g = 0; g < candidates.size(); g++) {
            int[] tokens = java.util.Arrays.copyOf(candidates.get(g), len);
            out.add(new Candidate(Role.NGRAM, tokens, 0, g == used ? newlyAccepted : 1));
        }
        return new PassCandidates(f.passNumber(), out, Map.of(PassCandidates.POOL_SIZE, poolSize));
    }

    /** The blocks in flight: the first (with its tracker) and the later ones. */
    private static final class Flight {
        final DecodeRun run;
        final DecodeListener listener;
        int[] head;
        int accepted;
        int base;
        int passes;
        BlockTracker tracker;
        final List<int[]> later = new ArrayList<>();
        final List<Integer> laterStable = new ArrayList<>();
        final List<Integer> laterIndex = new ArrayList<>();

        Flight(DecodeRun run, int[] head, DecodeListener listener) {
            this.run = run;
            this.listener = listener;
            promote(head, 0);
        }

        /** Makes {@code state} the first block (its first token known right). */
        void promote(int[] state, int stable) {
            head = state;
            accepted = 0;
            base = run.cache.length();
            passes = 0;
            tracker = new BlockTracker(run.blocks.size(), run.generated.size(), state, listener);
            if (!laterIndex.isEmpty()) {
                laterIndex.remove(0);
            }
        }

        void spawn(int[] state, int index) {
            later.add(state);
            laterStable.add(0);
            laterIndex.add(index);
        }

        int tokensInFlight() {
            int t = head.length;
            for (int[] b : later) {
                t += b.length;
            }
            return t;
        }

        /** The pass's causal input: the first block's unaccepted tail, then every later block. */
        int[] chain(int m) {
            int[] c = new int[tokensInFlight() - accepted];
            System.arraycopy(head, accepted, c, 0, m);
            int at = m;
            for (int[] b : later) {
                System.arraycopy(b, 0, c, at, b.length);
                at += b.length;
            }
            return c;
        }

        /** The number (as the store counts passes) of the pass about to be made. */
        int passNumber() {
            return run.nextPassNumber() + passes;
        }
    }

    /**
     * One pass's input: the chain (indices 0..C−1, the current token first, at consecutive
     * positions, causal), then each recycled candidate's tokens 1..L−1, each its own branch after
     * the current token.
     */
    static final class Layout {
        final int chain;
        final int guesses;
        final int len;

        Layout(int chain, int guesses, int len) {
            this.chain = chain;
            this.guesses = guesses;
            this.len = len;
        }

        int size() {
            return chain + guesses * (len - 1);
        }

        /** Token k (1..L−1) of candidate g; token 0 is the current token at index 0. */
        int candidateIndex(int g, int k) {
            return chain + g * (len - 1) + (k - 1);
        }

        /** Where the prediction for candidate g's token k + 1 is made: after its token k. */
        int predictionAfter(int g, int k) {
            return k == 0 ? 0 : candidateIndex(g, k);
        }

        int[] tokens(int[] chainTokens, List<int[]> candidates) {
            int[] t = new int[size()];
            System.arraycopy(chainTokens, 0, t, 0, chain);
            for (int g = 0; g < guesses; g++) {
                System.arraycopy(candidates.get(g), 1, t, candidateIndex(g, 1), len - 1);
            }
            return t;
        }

        int[] positions(int current) {
            int[] p = new int[size()];
            for (int i = 0; i < chain; i++) {
                p[i] = current + i;
            }
            for (int g = 0; g < guesses; g++) {
                for (int k = 1; k < len; k++) {
                    p[candidateIndex(g, k)] = current + k;
                }
            }
            return p;
        }

        /** The chain is causal; a candidate token sees the current token and its candidate's earlier tokens. */
        boolean[][] visibility() {
            boolean[][] v = new boolean[size()][size()];
            for (int i = 0; i < chain; i++) {
                java.util.Arrays.fill(v[i], 0, i + 1, true);
            }
            for (int g = 0; g < guesses; g++) {
                for (int k = 1; k < len; k++) {
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
