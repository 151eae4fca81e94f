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

    /**
     * keep and keepPositions move the kept positions of every layer, keys and values, and leave
     * the positions before them alone: overlapping runs, runs that need no copy, scattered
     * positions and growth after a move. Each cached position holds its own number, so what the
     * cache holds afterwards can be read off directly.
     */
    @Test
    void keptPositionsMoveInEveryLayerAndKeepTheirValues() {
        int layers = 3;
        try (NDScope ignored = new NDScope(); KvCache cache = new KvCache(model.manager(), layers, 0, 4)) {
            int[] expected = append(cache, layers, 0, 12); // positions 0..11, growing 4 -> 8 -> 16
            assertContents(cache, layers, expected, "after appending 12");
            // runs [5, 6] (overlapping its destination 4, 5), [8, 9] (to 6, 7, apart), then 11 alone
            cache.keepPositions(4, new int[] {5, 6, 8, 9, 11});
            expected = new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11};
            assertContents(cache, layers, expected, "after keepPositions");
            // a prefix already in place needs no move
            cache.keepPositions(2, new int[] {2, 3, 6, 8});
            expected = new int[] {0, 1, 2, 3, 8, 11};
            assertContents(cache, layers, expected, "after keepPositions in place");
            int[] more = append(cache, layers, 100, 5); // positions 6..10 hold 100..104
            expected = new int[] {0, 1, 2, 3, 8, 11, 100, 101, 102, 103, 104};
            assertContents(cache, layers, expected, "after appending again");
            cache.keep(3, 5, 4); // overlapping run [5, 9) down to 3
            expected = new int[] {0, 1, 2, 11, 100, 101, 102};
            assertContents(cache, layers, expected, "after keep");
            append(cache, layers, 200, 20); // grows again with the moved positions in it
            cache.keep(1, 5, 2); // apart: [5, 7) down to 1
            expected = new int[] {0, 101, 102};
            assertContents(cache, layers, expected, "after growth and keep");
            assertEquals(5, more.length);
        }
    }

    /** Appends {@code count} positions holding first, first + 1, ... (keys +, values −, layer l adds 1000·l). */
    private static int[] append(KvCache cache, int layers, int first, int count) {
        int[] numbers = new int[count];
        float[] k = new float[2 * count * 3];
        for (int i = 0; i < count; i++) {
            numbers[i] = first + i;
        }
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < count; i++) {
                    for (int d = 0; d < 3; d++) {
                        k[(h * count + i) * 3 + d] = 1000 * l + first + i;
                    }
                }
            }
            NDArray keys = model.manager().create(k, new Shape(1, 2, count, 3));
            cache.append(l, keys, keys.neg());
        }
        return numbers;
    }

    private static void assertContents(KvCache cache, int layers, int[] expected, String where) {
        assertEquals(expected.length, cache.length(), where);
        // a 0-token append returns views of every cached position without changing anything
        for (int l = 0; l < layers; l++) {
            NDArray empty = model.manager().zeros(new Shape(1, 2, 0, 3));
            NDArray[] kv = cache.append(l, empty, empty);
            float[] keys = kv[0].toFloatArray();
            float[] values = kv[1].toFloatArray();
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < expected.length; i++) {
                    for (int d = 0; d < 3; d++) {
                        int at = (h * expected.length + i) * 3 + d;
                        assertEquals(1000f * l + expected[i], keys[at], where + ": layer " + l + " key " + i);
                        assertEquals(-(1000f * l + expected[i]), values[at], where + ": layer " + l + " value " + i);
                    }
                }
            }
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
