package dev.jacobilens.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Which examples make up the batch of a given step: epoch-wise shuffles derived from the seed
 * and the epoch number alone, so any step's batch can be recomputed (and a resumed run sees the
 * same data as an uninterrupted one).
 */
final class SeededOrder {
    private final int size;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] permutation;

    SeededOrder(int size, long seed) {
        if (size <= 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.size = size;
        this.seed = seed;
    }

    List<Integer> batch(int step, int batchSize) {
        List<Integer> out = new ArrayList<>(batchSize);
        long first = (long) step * batchSize;
        for (long i = first; i < first + batchSize; i++) {
            int epoch = (int) (i / size);
            out.add(permutation(epoch)[(int) (i % size)]);
        }
        return out;
    }

    private int[] permutation(int epoch) {
        if (epoch != cachedEpoch) {
            Random rng = new Random(seed * 1_000_003L + epoch);
            int[] p = new int[size];
            for (int i = 0; i < size; i++) {
                p[i] = i;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            permutation = p;
            cachedEpoch = epoch;
        }
        return permutation;
    }
}
