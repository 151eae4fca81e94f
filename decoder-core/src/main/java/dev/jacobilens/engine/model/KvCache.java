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
 * <p>Each layer owns one preallocated buffer per keys and values, [batch, kvHeads, capacity,
 * headDim]. A pass writes its new positions into the buffers in place and attends over a view
 * of positions [0, length): no pass copies the positions already cached, unlike concatenating
 * old and new keys, which copies the whole cache of every layer on every pass. Truncation only
 * moves the length back; later writes overwrite what lies beyond it. When a pass needs more room
 * the buffers are reallocated at twice the size (at most max_position_embeddings), so growth
 * costs amortised O(1) copies per position.
 *
 * <p>The buffers live in the cache's own manager, not in the per-pass scope.
 */
public final class KvCache implements AutoCloseable {
    /** Positions allocated at first, before any growth: the prompts and blocks of a typical decode. */
    static final int INITIAL_CAPACITY = 256;

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int maxCapacity;
    private final int initialCapacity;
    private int capacity;
    private int length;

    /** A cache that may grow up to {@code maxPositions} (the model's max_position_embeddings). */
    public KvCache(NDManager parent, int layers, int maxPositions) {
        this(parent, layers, maxPositions, INITIAL_CAPACITY);
    }

    /** With a chosen first allocation, so that tests can make the cache grow with few tokens. */
    KvCache(NDManager parent, int layers, int maxPositions, int initialCapacity) {
        this.manager = parent.newSubManager();
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
        int tokens = (int) shape.get(2);
        int end = length + tokens;
        ensureCapacity(layer, shape, k.getDataType(), end);
        write(keys[layer], k, length, end);
        write(values[layer], v, length, end);
        if (layer == keys.length - 1) {
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

    /**
     * Makes room for {@code needed} positions in a layer's buffers. Layer 0 decides the new
     * capacity for the pass; later layers follow it, so all layers always have the same capacity.
     */
    private void ensureCapacity(int layer, Shape newShape, DataType dtype, int needed) {
        if (keys[layer] != null && keys[layer].getShape().get(2) >= needed) {
            return;
        }
        if (layer == 0 && needed > capacity) {
            int grown = Math.max(initialCapacity, capacity * 2);
            capacity = Math.max(needed, maxCapacity > 0 ? Math.min(grown, maxCapacity) : grown);
        }
        Shape shape = new Shape(newShape.get(0), newShape.get(1), capacity, newShape.get(3));
        keys[layer] = grow(keys[layer], shape, dtype);
        values[layer] = grow(values[layer], shape, dtype);
    }

    /** A zeroed buffer of {@code shape}, holding a copy of the cached positions of {@code old}. */
    private NDArray grow(NDArray old, Shape shape, DataType dtype) {
        NDArray buffer = manager.zeros(shape, dtype);
        // Created during a pass, but it must outlive the pass's scope.
        NDScope.unregister(buffer);
        if (old != null) {
            if (length > 0) {
                write(buffer, Ops.narrow(old, 2, 0, length), 0, length);
            }
            old.close();
        }
        return buffer;
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
        // Moves the kept run down in place. The run is copied out first: source and destination
        // may overlap, and an in-place write must not read what it has just overwritten.
        try (NDScope ignored = new NDScope()) {
            for (int l = 0; l < keys.length; l++) {
                write(keys[l], Ops.narrow(keys[l], 2, from, from + count).duplicate(), prefix, prefix + count);
                write(values[l], Ops.narrow(values[l], 2, from, from + count).duplicate(), prefix, prefix + count);
            }
        }
        length = prefix + count;
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
        // Ascending sources never lie below their destinations, so moving them one by one in
        // order never overwrites a position that is still to be read.
        try (NDScope ignored = new NDScope()) {
            for (int j = 0; j < from.length; j++) {
                if (from[j] == prefix + j) {
                    continue;
                }
                for (int l = 0; l < keys.length; l++) {
                    write(keys[l], Ops.narrow(keys[l], 2, from[j], from[j] + 1), prefix + j, prefix + j + 1);
                    write(values[l], Ops.narrow(values[l], 2, from[j], from[j] + 1), prefix + j, prefix + j + 1);
                }
            }
        }
        length = prefix + from.length;
    }

    @Override
    public void close() {
        manager.close();
    }
}
