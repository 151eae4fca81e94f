package dev.jacobilens.engine.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.MedusaHeads;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Greedy Medusa-1 decoding (Cai et al. 2024; FasterDecoding/Medusa). After each pass the heads
 * read the hidden state of the last accepted token and rank their guesses for the tokens 2, 3, …
 * places on; the candidate tree ({@link MedusaTree}) picks which of those guesses to try. The
 * next pass runs the current token (the base model's own prediction, known right) and every tree
 * node at once, each node seeing only its ancestors (the tree attention mask), then walks down
 * from the root: a child is accepted when its token is the base model's greedy prediction after
 * its parent. Every accepted token is therefore the greedy prediction after an accepted prefix,
 * so the output equals greedy autoregressive output; the heads only decide how many tokens a
 * pass accepts. The KV cache keeps the accepted path and forgets the other branches.
 *
 * <p>Each pass is recorded as a block of the tokens it accepted (as AR records blocks of one),
 * with the tree as its {@link PassCandidates}: one {@link Role#TREE} candidate per node below the
 * root, its parent the parent node's candidate, meta {@code head} and {@code rank}.
 */
public final class MedusaDecoder {
    private MedusaDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel model, MedusaHeads heads, int[] prompt, int maxNewTokens,
                                       MedusaTree tree, DecodeListener listener, Cancellation cancel) {
        return decode(model, heads, prompt, maxNewTokens, tree, listener, cancel, UnaryOperator.identity());
    }

    /** With the tree's attention mask passed through {@code maskEdit}: tests break it on purpose. */
    static DecodeOutcome decode(LlamaModel model, MedusaHeads heads, int[] prompt, int maxNewTokens, MedusaTree tree,
                                DecodeListener listener, Cancellation cancel, UnaryOperator<boolean[][]> maskEdit) {
        check(model, heads, tree);
        int width = Math.max(1, tree.width());
        int maxPos = model.config().maxPositionEmbeddings();
        try (DecodeRun run = new DecodeRun(model, prompt, maxNewTokens)) {
            int[][] top;
            long prefillStart = System.nanoTime();
            try (NDScope ignored = new NDScope()) {
                NDArray hidden = model.forwardHidden(run.input(prompt), run.cache, true);
                run.next = LlamaModel.argmaxTokens(model.logits(hidden))[0];
                top = heads.topTokens(hidden, width);
            }
            run.prefilled(prefillStart);
            while (run.stopReason == null) {
                if (run.stopIfCancelled(cancel)) {
                    break;
                }
                long start = System.nanoTime();
                int position = run.cache.length();
                // near the end of the context only the nodes that still have a position run
                MedusaTree t = tree.within(maxPos - 1 - position);
                int[] tokens = t.tokens(run.next, top);
                int[] predicted;
                int[] path;
                PassProfile profile = run.profile();
                NDScope scope = new NDScope();
                try {
                    long t0 = profile == null ? 0 : System.nanoTime();
                    if (profile != null) {
                        profile.pass(tokens.length, position);
                    }
                    NDArray hidden = model.forwardTreeHidden(run.input(tokens), run.cache, t.positions(position),
                            maskEdit.apply(t.visibility()));
                    predicted = LlamaModel.argmaxTokens(model.logits(hidden));
                    long t1 = profile == null ? 0 : System.nanoTime();
                    path = acceptedPath(t, tokens, predicted);
                    int last = path[path.length - 1];
                    top = heads.topTokens(LlamaModel.position(hidden, last), width);
                    if (profile != null) {
                        profile.add(PassProfile.Phase.FORWARD, t1 - t0);
                        profile.add(PassProfile.Phase.HEADS, System.nanoTime() - t1);
                        profile.countArrays(scope);
                    }
                } finally {
                    long t2 = profile == null ? 0 : System.nanoTime();
                    scope.close();
                    if (profile != null) {
                        profile.add(PassProfile.Phase.CLOSE, System.nanoTime() - t2);
                    }
                }
                int[] kept = new int[path.length - 1];
                for (int j = 1; j < path.length; j++) {
                    kept[j - 1] = position + path[j];
                }
                run.keepPositions(position + 1, kept);
                int[] accepted = new int[path.length];
                for (int j = 0; j < path.length; j++) {
                    accepted[j] = tokens[path[j]];
                }
                run.next = predicted[path[path.length - 1]];
                PassCandidates detail = candidates(run.nextPassNumber(), t, tokens, path);
                run.candidates.add(detail);
                accepted = Arrays.copyOf(accepted, Math.min(accepted.length, run.remaining()));
                BlockTracker block = new BlockTracker(run.blocks.size(), run.generated.size(), accepted, listener);
                block.pass(accepted, accepted, accepted.length, true, System.nanoTime() - start, detail);
                run.blocks.add(block.finish());
                run.accept(accepted);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason, 0, run.candidates);
        }
    }

    /** Refuses a tree the heads cannot fill: deeper than the heads, or wider than the vocabulary. */
    static void check(LlamaModel model, MedusaHeads heads, MedusaTree tree) {
        if (heads.hiddenSize() != model.config().hiddenSize() || heads.vocabSize() != model.config().vocabSize()) {
            throw new EngineException("the Medusa heads (hidden size " + heads.hiddenSize() + ", vocabulary "
                    + heads.vocabSize() + ") do not fit this model (hidden size " + model.config().hiddenSize()
                    + ", vocabulary " + model.config().vocabSize() + ")");
        }
        if (tree.depth() > heads.count()) {
            throw new EngineException("the Medusa tree is " + tree.depth() + " deep but there are only "
                    + heads.count() + " heads (node depth d takes its token from head d-1)");
        }
        if (tree.width() > heads.vocabSize()) {
            throw new EngineException("the Medusa tree uses rank " + (tree.width() - 1) + " but the vocabulary has "
                    + heads.vocabSize() + " tokens");
        }
    }

    /** From the root down, the child whose token is the base model's prediction after its parent. */
    private static int[] acceptedPath(MedusaTree t, int[] tokens, int[] predicted) {
        List<Integer> path = new ArrayList<>(List.of(0));
        int current = 0;
        boolean extended = true;
        while (extended) {
            extended = false;
            for (int n = current + 1; n < t.size(); n++) {
                if (t.parent(n) == current && tokens[n] == predicted[current]) {
                    path.add(n);
                    current = n;
                    extended = true;
                    break;
                }
            }
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The tree as the recording keeps it: node i (from 1) is candidate i − 1, one token at offset
     * depth(i); the root is the current token and no candidate.
     */
    private static PassCandidates candidates(int pass, MedusaTree t, int[] tokens, int[] path) {
        boolean[] onPath = new boolean[t.size()];
        for (int n : path) {
            onPath[n] = true;
        }
        List<Candidate> out = new ArrayList<>();
        for (int n = 1; n < t.size(); n++) {
            out.add(new Candidate(Role.TREE, new int[] {tokens[n]}, t.depth(n), t.parent(n) - 1, onPath[n] ? 1 : 0,
                    Map.of(HEAD, t.depth(n) - 1, RANK, t.rank(n))));
        }
        return new PassCandidates(pass, out, Map.of());
    }

    /** Candidate meta: the head (from 0) whose guess a tree node is. */
    public static final String HEAD = "head";
    /** Candidate meta: the guess's rank in its head's list (0: the most likely). */
    public static final String RANK = "rank";
}
