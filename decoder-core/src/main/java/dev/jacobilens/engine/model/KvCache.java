package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every layer for the tokens decoded so far, [batch, kvHeads, length, headDim].
 * Jacobi decoding runs a whole block through the model and then keeps only the accepted prefix,
 * so the cache can be {@link #truncate truncated} back to any earlier length.
 *
 * <p>The arrays live in the cache's own manager, not in the per-pass scope; replaced arrays are
 * closed at once, so native memory stays bounded by the cache length.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    public int length() {
        return length;
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    /** Stores a layer's keys and values for all positions so far (old and new). */
    void put(int layer, NDArray k, NDArray v) {
        replace(keys, layer, k);
        replace(values, layer, v);
        if (layer == keys.length - 1) {
            length = (int) k.getShape().get(2);
        }
    }

    private void replace(NDArray[] slot, int layer, NDArray array) {
        NDArray old = slot[layer];
        ai.djl.ndarray.NDScope.unregister(array);
        array.attach(manager);
        slot[layer] = array;
        if (old != null && old != array) {
            old.close();
        }
    }

    /** Forgets every position from {@code newLength} on. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of " + length + " to " + newLength);
        }
        if (newLength == length) {
            return;
        }
        for (int l = 0; l < keys.length; l++) {
            replace(keys, l, Ops.narrow(keys[l], 2, 0, newLength));
            replace(values, l, Ops.narrow(values[l], 2, 0, newLength));
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
        // The scope closes the narrowed views; replace() takes the concatenations out of it.
        try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
            for (int l = 0; l < keys.length; l++) {
                replace(keys, l, Ops.cat(Ops.narrow(keys[l], 2, 0, prefix),
                        Ops.narrow(keys[l], 2, from, from + count), 2));
                replace(values, l, Ops.cat(Ops.narrow(values[l], 2, 0, prefix),
                        Ops.narrow(values[l], 2, from, from + count), 2));
            }
        }
        length = prefix + count;
    }

    @Override
    public void close() {
        manager.close();
    }
}
