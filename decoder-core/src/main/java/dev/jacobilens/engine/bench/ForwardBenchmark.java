package dev.jacobilens.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.model.KvCache;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures one forward pass over n new tokens on a cached prefix, the unit of work of Jacobi
 * decoding. Each timed pass starts from the same prefix: the cache is truncated back after it.
 */
public final class ForwardBenchmark {
    /** Timing of passes over {@code tokens} new tokens. */
    public record Result(int tokens, double medianMicros, double minMicros, double gflops) {
        public double microsPerToken() {
            return medianMicros / tokens;
        }
    }

    private ForwardBenchmark() {
    }

    public static List<Result> run(LlamaModel model, int prefixLength, int[] tokenCounts, int repeats, long seed) {
        LlamaConfig c = model.config();
        Random rng = new Random(seed);
        List<Result> out = new ArrayList<>();
        try (KvCache cache = new KvCache(model)) {
            pass(model, cache, randomIds(rng, c.vocabSize(), prefixLength));
            for (int n : tokenCounts) {
                if (dev.jacobilens.engine.StopRequest.isRequested()) {
                    break; // a signal: stop between measurements, never inside a pass
                }
                if (prefixLength + n > c.maxPositionEmbeddings()) {
                    continue;
                }
                long[] ids = randomIds(rng, c.vocabSize(), n);
                for (int w = 0; w < 3; w++) { // warm-up: allocator and kernel selection
                    pass(model, cache, ids);
                    cache.truncate(prefixLength);
                }
                long[] times = new long[repeats];
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    pass(model, cache, ids);
                    times[r] = System.nanoTime() - start;
                    cache.truncate(prefixLength);
                }
                Arrays.sort(times);
                double median = times[repeats / 2] / 1e3;
                out.add(new Result(n, median, times[0] / 1e3, flops(c, prefixLength, n) / (median * 1e3)));
            }
        }
        return out;
    }

    /** Multiply-adds ×2 of the projections, attention and LM head for n tokens after a prefix. */
    static double flops(LlamaConfig c, int prefix, int n) {
        double h = c.hiddenSize();
        double q = (double) c.numHeads() * c.headDim();
        double kv = (double) c.numKvHeads() * c.headDim();
        double perToken = c.numLayers() * (h * (q + 2 * kv) + q * h + 3 * h * c.intermediateSize()
                + 2 * q * (prefix + n)) + h * c.vocabSize();
        return 2 * perToken * n;
    }

    static void pass(LlamaModel model, KvCache cache, long[] ids) {
        try (NDScope ignored = new NDScope()) {
            NDArray input = model.manager().create(ids, new Shape(1, ids.length));
            // argMax + copy out, as the decoders do, so the timing includes the sync
            model.forward(input, cache, false).argMax(-1).toLongArray();
        }
    }

    private static long[] randomIds(Random rng, int vocab, int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        return ids;
    }
}
