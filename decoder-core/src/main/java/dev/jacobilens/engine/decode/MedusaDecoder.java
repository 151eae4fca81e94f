package dev.jacobilens.engine.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.PassDetail;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.MedusaHeads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * with the tree in the event's detail ({@link PassDetail.Medusa}).
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
                run.next = LlamaModel.argmaxTokens(model.logits(hidden).toType(DataType.FLOAT32, false))[0];
                top = heads.topTokens(hidden, width);
            }
            run.prefillNanos = System.nanoTime() - prefillStart;
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
                try (NDScope ignored = new NDScope()) {
                    NDArray hidden = model.forwardTreeHidden(run.input(tokens), run.cache, t.positions(position),
                            maskEdit.apply(t.visibility()));
                    predicted = LlamaModel.argmaxTokens(model.logits(hidden).toType(DataType.FLOAT32, false));
                    path = acceptedPath(t, tokens, predicted);
                    int last = path[path.length - 1];
                    top = heads.topTokens(hidden.get(":, " + last + ":" + (last + 1) + ", :"), width);
                }
                int[] kept = new int[path.length - 1];
                for (int j = 1; j < path.length; j++) {
                    kept[j - 1] = position + path[j];
                }
                run.cache.keepPositions(position + 1, kept);
                int[] accepted = new int[path.length];
                for (int j = 0; j < path.length; j++) {
                    accepted[j] = tokens[path[j]];
                }
                run.next = predicted[path[path.length - 1]];
                PassDetail detail = new PassDetail.Medusa(tokens, parents(t), ranks(t), predicted, path);
                accepted = Arrays.copyOf(accepted, Math.min(accepted.length, run.remaining()));
                BlockTracker block = new BlockTracker(run.blocks.size(), run.generated.size(), accepted, listener);
                block.pass(accepted, accepted, accepted.length, true, System.nanoTime() - start, detail);
                run.blocks.add(block.finish());
                run.accept(accepted);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason);
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

    private static int[] parents(MedusaTree t) {
        int[] p = new int[t.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = t.parent(i);
        }
        return p;
    }

    private static int[] ranks(MedusaTree t) {
        int[] r = new int[t.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.rank(i);
        }
        return r;
    }
}
