package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preallocated cache must give the logits of a pass without a cache over the whole
 * sequence, through growth, Jacobi-style truncation and overwriting of truncated positions.
 */
class KvCacheTest {
    private static LoadedModel loaded;
    private static LlamaModel model;

    @BeforeAll
    static void load() {
        loaded = Models.load(Fixtures.tinyLlama(), "cpu");
        model = loaded.model();
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    @Test
    void chunkedPassesWithTruncationMatchOneFullPass() {
        Random rng = new Random(3);
        int vocab = model.config().vocabSize();
        long[] kept = new long[0];
        // initial capacity 4: the chunks below make the buffers grow three times
        try (KvCache cache = new KvCache(model.manager(), model.config().numLayers(),
                model.config().maxPositionEmbeddings(), 4)) {
            int[][] steps = {{5, 5}, {3, 1}, {6, 6}, {4, 0}, {7, 2}, {1, 1}, {9, 9}};
            for (int[] step : steps) { // {tokens in the pass, tokens kept after it}
                long[] chunk = randomIds(rng, vocab, step[0]);
                float[] cached = logits(chunk, cache);
                long[] all = concat(kept, chunk);
                float[] full = logits(all, null);
                float[] fullTail = Arrays.copyOfRange(full, kept.length * vocab, full.length);
                assertClose(fullTail, cached, "after " + kept.length + " kept positions");
                cache.truncate(kept.length + step[1]);
                kept = Arrays.copyOf(all, kept.length + step[1]);
                assertEquals(kept.length, cache.length());
            }
            assertTrue(cache.capacity() >= kept.length && cache.capacity() >= 16, "grew: " + cache.capacity());
        }
    }

    @Test
    void truncationBeyondTheLengthIsRefused() {
        try (KvCache cache = new KvCache(model)) {
            logits(new long[] {1, 2, 3}, cache);
            assertThrows(IllegalArgumentException.class, () -> cache.truncate(4));
            assertThrows(IllegalArgumentException.class, () -> cache.truncate(-1));
        }
    }

    private static float[] logits(long[] ids, KvCache cache) {
        try (NDScope ignored = new NDScope()) {
            NDArray input = model.manager().create(ids, new Shape(1, ids.length));
            return model.forward(input, cache, false).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private static void assertClose(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, where + ", logit " + i);
        }
    }

    private static long[] randomIds(Random rng, int vocab, int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        return ids;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
