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

    @Override
    public void close() {
        manager.close();
    }
}
