package dev.jacobilens.engine.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.KvCache;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.StopReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state both greedy decoders share: the KV cache, the prompt pass, the tokens generated so
 * far and the finished blocks. Every forward pass runs in its own {@link NDScope}, so the only
 * native memory that outlives a pass is the cache.
 */
final class DecodeRun implements AutoCloseable {
    final LlamaModel model;
    final int[] prompt;
    final int budget;
    private final int requested;
    final KvCache cache;
    final List<Integer> generated = new ArrayList<>();
    final List<BlockTrajectory> blocks = new ArrayList<>();
    long prefillNanos;
    StopReason stopReason;
    /** What passes verified beyond their accepted tokens, for the recording. */
    final List<PassCandidates> candidates = new ArrayList<>();
    /** The greedy prediction for the next position: known to be right. */
    int next;

    DecodeRun(LlamaModel model, int[] prompt, int maxNewTokens) {
        int maxPos = model.config().maxPositionEmbeddings();
        if (prompt.length == 0) {
            throw new EngineException("the prompt is empty: type some text to continue");
        }
        if (prompt.length >= maxPos) {
            throw new EngineException("the prompt has " + prompt.length + " tokens but the model takes at most "
                    + maxPos + " positions (max_position_embeddings), leaving no room to generate");
        }
        if (maxNewTokens < 1) {
            throw new EngineException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        this.model = model;
        this.prompt = prompt.clone();
        this.requested = maxNewTokens;
        this.budget = Math.min(maxNewTokens, maxPos - prompt.length);
        this.cache = new KvCache(model);
    }

    /** Runs the prompt pass, which fills the cache and yields the first new token. */
    void prefill() {
        long start = System.nanoTime();
        next = pass(prompt, true)[0];
        prefillNanos = System.nanoTime() - start;
    }

    /** One forward pass over tokens appended to the cache; greedy prediction per position. */
    int[] pass(int[] tokens, boolean lastOnly) {
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.forward(input(tokens), cache, lastOnly);
            return LlamaModel.argmaxTokens(logits.toType(DataType.FLOAT32, false));
        }
    }

    /**
     * One forward pass over tokens that are not one causal chain (see {@link LlamaModel#forwardTree});
     * greedy prediction per token. The cache grows by all of them; the caller keeps the accepted ones.
     */
    int[] passTree(int[] tokens, int[] positions, boolean[][] visible) {
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.forwardTree(input(tokens), cache, positions, visible);
            return LlamaModel.argmaxTokens(logits.toType(DataType.FLOAT32, false));
        }
    }

    /** One forward pass over tokens appended to the cache; the logits of its last position. */
    float[] lastLogits(int[] tokens) {
        try (NDScope ignored = new NDScope()) {
            return model.forward(input(tokens), cache, true).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** Token ids as the model's [1, T] input. */
    NDArray input(int[] tokens) {
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
        }
        return model.manager().create(ids, new Shape(1, tokens.length));
    }

    /**
     * The number, as the store counts passes (the prompt pass is 1), of the pass that the next
     * finished block's first pass will be.
     */
    int nextPassNumber() {
        int passes = 1;
        for (BlockTrajectory b : blocks) {
            passes += b.passes();
        }
        return passes + 1;
    }

    /** Ends the run as "cancelled" when a stop was asked for; decoders ask between passes. */
    boolean stopIfCancelled(dev.jacobilens.engine.Cancellation cancel) {
        if (cancel.isCancelled()) {
            stopReason = StopReason.CANCELLED;
            return true;
        }
        return false;
    }

    int remaining() {
        return budget - generated.size();
    }

    /** Random guesses for a block are drawn from the prompt and the text so far. */
    int poolSize() {
        return prompt.length + generated.size();
    }

    int poolToken(int index) {
        return index < prompt.length ? prompt[index] : generated.get(index - prompt.length);
    }

    /**
     * Appends a converged block's tokens and reports whether decoding should stop: at EOS
     * (output trimmed after it) or when the budget is spent.
     */
    boolean accept(int[] blockTokens) {
        for (int t : blockTokens) {
            generated.add(t);
            if (model.config().isEos(t)) {
                stopReason = StopReason.EOS;
                return true;
            }
            if (generated.size() == budget) {
                stopReason = budget < requested ? StopReason.CONTEXT_FULL : StopReason.MAX_NEW_TOKENS;
                return true;
            }
        }
        return false;
    }

    int[] output() {
        return generated.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] copy(int[] a) {
        return Arrays.copyOf(a, a.length);
    }

    @Override
    public void close() {
        cache.close();
    }
}
