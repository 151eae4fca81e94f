package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Keys and values of every layer for the tokens decoded so far, [batch, kvHeads, length, headDim].
 * Jacobi decoding runs a whole block through the model and then keeps only the accepted prefix,
 * so the cache can be {@link #truncate truncated} back to any earlier length.
 *
 * <p>All layers' keys and values live in one preallocated buffer, [layers, 2, batch, kvHeads,
 * capacity, headDim]; each layer's keys and values are fixed views of it. A pass writes its new
 * positions into the views in place and attends over a view of positions [0, length): no pass
 * copies the positions already cached, unlike concatenating old and new keys, which copies the
 * whole cache of every layer on every pass. Truncation only moves the length back; later writes
 * overwrite what lies beyond it. Keeping a run of positions ({@link #keep}, {@link #keepPositions})
 * moves it in every layer at once, a few native calls whatever the number of layers. When a pass
 * needs more room the buffer is reallocated at twice the size (at most max_position_embeddings),
 * so growth costs amortised O(1) copies per position.
 *
 * <p>The buffer and its views live in the cache's own manager, not in the per-pass scope.
 */
public final class KvCache implements AutoCloseable {
    /** Positions allocated at first, before any growth: the prompts and blocks of a typical decode. */
    static final int INITIAL_CAPACITY = 256;

    private final NDManager manager;
    private final int layers;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int maxCapacity;
    private final int initialCapacity;
    /** Every layer's keys and values, [layers, 2, batch, kvHeads, capacity, headDim]; null before the first pass. */
    private NDArray store;
    private int capacity;
    private int length;

    /** A cache that may grow up to {@code maxPositions} (the model's max_position_embeddings). */
    public KvCache(NDManager parent, int layers, int maxPositions) {
        this(parent, layers, maxPositions, INITIAL_CAPACITY);
    }

    /** With a chosen first allocation, so that tests can make the cache grow with few tokens. */
    KvCache(NDManager parent, int layers, int maxPositions, int initialCapacity) {
        this.manager = parent.newSubManager();
        this.layers = layers;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.maxCapacity = maxPositions;
        this.initialCapacity = initialCapacity;
    }

    /** A cache that grows without bound (the model's forward pass still checks the positions). */
    public KvCache(NDManager parent, int layers) {
        this(parent, layers, 0);
    }

    /** A cache for a model; its capacity grows up to the model's max_position_embeddings. */
    public KvCache(LlamaModel model) {
        this(model.manager(), model.config().numLayers(), model.config().maxPositionEmbeddings());
    }

    public int length() {
        return length;
    }

    /** Positions the buffers hold before they must grow. */
    int capacity() {
        return capacity;
    }

    /**
     * Writes a layer's keys and values for the new positions [length, length + T) in place and
     * returns views of all positions so far, [0, length + T): {keys, values}. The cache's length
     * moves on once the last layer has been written, so every layer of a pass sees the same past.
     *
     * @param k [batch, kvHeads, T, headDim] keys of the new positions (rotary embedding applied)
     * @param v [batch, kvHeads, T, headDim] values of the new positions
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        Shape shape = k.getShape();
        return append(layer, k, v, shape.get(0), (int) shape.get(2), k.getDataType());
    }

    /**
     * {@link #append(int, NDArray, NDArray)} with the new keys' batch, token count and type as the
     * caller knows them: asking the arrays costs native calls on every layer of every pass.
     */
    NDArray[] append(int layer, NDArray k, NDArray v, long batch, int tokens, DataType dtype) {
        int end = length + tokens;
        if (store == null || end > capacity) {
            if (layer != 0) {
                throw new IllegalStateException("a pass must start at layer 0");
            }
            Shape shape = k.getShape();
            grow(new Shape(layers, 2, batch, shape.get(1), 0, shape.get(3)), dtype, end);
        }
        write(keys[layer], k, length, end);
        write(values[layer], v, length, end);
        if (layer == layers - 1) {
            length = end;
        }
        return new NDArray[] {Ops.narrow(keys[layer], 2, 0, end), Ops.narrow(values[layer], 2, 0, end)};
    }

    /** buffer[:, :, start:end, :] = x, one native index_put_ with slices (no new array). */
    private static void write(NDArray buffer, NDArray x, long start, long end) {
        Shape s = buffer.getShape();
        JniUtils.indexSet((PtNDArray) buffer, (PtNDArray) x,
                new long[] {0, 0, start, 0}, new long[] {s.get(0), s.get(1), end, s.get(3)},
                new long[] {1, 1, 1, 1});
    }

    /** store[:, :, :, :, start:end, :] = x for every layer at once. */
    private void writeAll(NDArray target, NDArray x, long start, long end) {
        Shape s = target.getShape();
        JniUtils.indexSet((PtNDArray) target, (PtNDArray) x,
                new long[] {0, 0, 0, 0, start, 0}, new long[] {s.get(0), s.get(1), s.get(2), s.get(3), end, s.get(5)},
                new long[] {1, 1, 1, 1, 1, 1});
    }

    /**
     * Reallocates the buffer to hold {@code needed} positions (twice the old capacity, at least
     * the initial one, at most the maximum) with a copy of the cached positions, and makes the
     * layers' views of it. Created during a pass, but it must outlive the pass's scope.
     */
    private void grow(Shape like, DataType dtype, int needed) {
        int grown = Math.max(initialCapacity, capacity * 2);
        int newCapacity = Math.max(needed, maxCapacity > 0 ? Math.min(grown, maxCapacity) : grown);
        Shape shape = new Shape(like.get(0), like.get(1), like.get(2), like.get(3), newCapacity, like.get(5));
        NDArray buffer = manager.zeros(shape, dtype);
        NDScope.unregister(buffer);
        if (store != null) {
            if (length > 0) {
                try (NDArray old = Ops.narrow(store, 4, 0, length)) {
                    NDScope.unregister(old);
                    writeAll(buffer, old, 0, length);
                }
            }
            for (int l = 0; l < layers; l++) {
                keys[l].close();
                values[l].close();
            }
            store.close();
        }
        store = buffer;
        capacity = newCapacity;
        Shape layerShape = new Shape(like.get(2), like.get(3), newCapacity, like.get(5));
        for (int l = 0; l < layers; l++) {
            keys[l] = view(l, 0, layerShape);
            values[l] = view(l, 1, layerShape);
        }
    }

    /** Layer l's keys (kind 0) or values (kind 1): a [batch, kvHeads, capacity, headDim] view of the store. */
    private NDArray view(int layer, int kind, Shape layerShape) {
        try (NDArray a = Ops.narrow(store, 0, layer, layer + 1); NDArray b = Ops.narrow(a, 1, kind, kind + 1)) {
            NDScope.unregister(a, b);
            NDArray v = b.reshape(layerShape); // a contiguous block: reshape is a view, not a copy
            NDScope.unregister(v);
            return v;
        }
    }

    /** Forgets every position from {@code newLength} on (they are overwritten by later passes). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of " + length + " to " + newLength);
        }
        length = newLength;
    }

    /**
     * Keeps positions [0, prefix) and the run [from, from + count), which moves down to start at
     * {@code prefix}; forgets the rest. Lookahead and tree verification append many candidate
     * tokens in one pass and keep only the accepted ones.
     */
    public void keep(int prefix, int from, int count) {
        if (prefix < 0 || count < 0 || from < prefix || from + count > length) {
            throw new IllegalArgumentException("cannot keep [0, " + prefix + ") and [" + from + ", " + (from + count)
                    + ") of a cache of " + length);
        }
        if (count == 0 || from == prefix) {
            truncate(prefix + count);
            return;
        }
        move(from, prefix, count);
        length = prefix + count;
    }

    /**
     * Moves positions [from, from + count) down to [to, to + count) in every layer (from > to). An
     * overlapping run is copied out first: an in-place write must not read what it has just
     * overwritten.
     */
    private void move(int from, int to, int count) {
        try (NDScope ignored = new NDScope()) {
            NDArray run = Ops.narrow(store, 4, from, from + count);
            writeAll(store, from < to + count ? run.duplicate() : run, to, to + count);
        }
    }

    /**
     * Keeps positions [0, prefix) and the positions {@code from} (ascending), which move down to
     * prefix, prefix + 1, …; forgets the rest. A token tree's accepted path is one node per depth,
     * scattered through the pass's input, unlike lookahead's contiguous n-gram ({@link #keep}).
     */
    public void keepPositions(int prefix, int[] from) {
        for (int j = 0; j < from.length; j++) {
            if (from[j] < prefix + j || from[j] >= length || (j > 0 && from[j] <= from[j - 1])) {
                throw new IllegalArgumentException("cannot keep positions " + java.util.Arrays.toString(from)
                        + " after " + prefix + " of a cache of " + length);
            }
        }
        // Ascending sources never lie below their destinations, so moving them run by run in
        // order never overwrites a position that is still to be read. A run is a stretch of
        // consecutive sources, moved in one go.
        int j = 0;
        while (j < from.length) {
            int end = j + 1;
            while (end < from.length && from[end] == from[end - 1] + 1) {
                end++;
            }
            if (from[j] != prefix + j) {
                move(from[j], prefix + j, end - j);
            }
            j = end;
        }
        length = prefix + from.length;
    }

    @Override
    public void close() {
        manager.close();
    }
}
