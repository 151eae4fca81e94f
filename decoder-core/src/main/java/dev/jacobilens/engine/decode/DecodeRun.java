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
    /** Where a profile is running on this thread for this model: it records the passes (see {@link PassProfile}). */
    private final PassProfile profile;
    private long loopStart;

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
        this.profile = PassProfile.of(model);
    }

    /** Runs the prompt pass, which fills the cache and yields the first new token. */
    void prefill() {
        long start = System.nanoTime();
        try (NDScope ignored = new NDScope()) {
            next = LlamaModel.argmaxTokens(model.forward(input(prompt), cache, true))[0];
        }
        prefilled(start);
    }

    /** Ends the prompt pass that began at {@code start}: its wall time, and the loop's start for a profile. */
    void prefilled(long start) {
        long now = System.nanoTime();
        prefillNanos = now - start;
        loopStart = now;
    }

    /** The profile recording this run's passes, or null (the usual case). */
    PassProfile profile() {
        return profile;
    }

    /** One forward pass over tokens appended to the cache; greedy prediction per position. */
    int[] pass(int[] tokens, boolean lastOnly) {
        if (profile != null) {
            return profiledPass(tokens, lastOnly, null, null);
        }
        try (NDScope ignored = new NDScope()) {
            return LlamaModel.argmaxTokens(model.forward(input(tokens), cache, lastOnly));
        }
    }

    /**
     * One forward pass over tokens that are not one causal chain (see {@link LlamaModel#forwardTree});
     * greedy prediction per token. The cache grows by all of them; the caller keeps the accepted ones.
     */
    int[] passTree(int[] tokens, int[] positions, boolean[][] visible) {
        if (profile != null) {
            return profiledPass(tokens, false, positions, visible);
        }
        try (NDScope ignored = new NDScope()) {
            return LlamaModel.argmaxTokens(model.forwardTree(input(tokens), cache, positions, visible));
        }
    }

    /** {@link #pass} or {@link #passTree} (positions non-null) with each phase timed into the profile. */
    private int[] profiledPass(int[] tokens, boolean lastOnly, int[] positions, boolean[][] visible) {
        PassProfile p = profile;
        p.pass(tokens.length, cache.length());
        NDScope scope = new NDScope();
        try {
            long t0 = System.nanoTime();
            NDArray ids = input(tokens);
            long t1 = System.nanoTime();
            NDArray logits = positions == null ? model.forward(ids, cache, lastOnly)
                    : model.forwardTree(ids, cache, positions, visible);
            long t2 = System.nanoTime();
            NDArray best = logits.argMax(-1);
            long t3 = System.nanoTime();
            long[] out = best.toLongArray();
            long t4 = System.nanoTime();
            p.add(PassProfile.Phase.INPUT, t1 - t0);
            p.add(PassProfile.Phase.FORWARD, t2 - t1);
            p.add(PassProfile.Phase.ARGMAX, t3 - t2);
            p.add(PassProfile.Phase.HOST_COPY, t4 - t3);
            p.countArrays(scope);
            int[] predicted = new int[out.length];
            for (int i = 0; i < out.length; i++) {
                predicted[i] = (int) out[i];
            }
            return predicted;
        } finally {
            long t5 = System.nanoTime();
            scope.close();
            p.add(PassProfile.Phase.CLOSE, System.nanoTime() - t5);
        }
    }

    /** {@link KvCache#truncate}, timed into a profile. */
    void truncate(int newLength) {
        long start = profile == null ? 0 : System.nanoTime();
        cache.truncate(newLength);
        if (profile != null) {
            profile.add(PassProfile.Phase.CACHE, System.nanoTime() - start);
        }
    }

    /** {@link KvCache#keep}, timed into a profile. */
    void keep(int prefix, int from, int count) {
        long start = profile == null ? 0 : System.nanoTime();
        cache.keep(prefix, from, count);
        if (profile != null) {
            profile.add(PassProfile.Phase.CACHE, System.nanoTime() - start);
        }
    }

    /** {@link KvCache#keepPositions}, timed into a profile. */
    void keepPositions(int prefix, int[] from) {
        long start = profile == null ? 0 : System.nanoTime();
        cache.keepPositions(prefix, from);
        if (profile != null) {
            profile.add(PassProfile.Phase.CACHE, System.nanoTime() - start);
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
        if (profile != null && loopStart != 0) {
            profile.loop(System.nanoTime() - loopStart);
        }
        cache.close();
    }
}
