package dev.jacobilens.engine.bench;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.decode.PassProfile;
import dev.jacobilens.engine.model.KvCache;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.LoopTiming;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.method.DecodeMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A decode loop's time per forward pass beside a bare forward's time for the same passes. Each
 * decode runs under a {@link PassProfile}, which records every pass's new tokens and cache
 * length; right after it, the same passes are replayed as bare forwards (input ids, the forward,
 * argmax and the copy of its ids, as {@link ForwardBenchmark} times a pass) on a cache of the same
 * lengths. Decodes and their replays alternate, so that a machine shared with other work loads
 * both alike; the first decodes of each method only warm up.
 */
public final class LoopBenchmark {
    /**
     * One method's figures.
     *
     * @param timing          the loops' and the bare forwards' sums ({@link LoopTiming#overhead()})
     * @param medianOverhead  the median over decodes of each decode's own overhead
     * @param profile         the phases of the loops' passes, summed over the timed decodes
     * @param newTokens       new tokens summed over the timed passes
     * @param cacheLength     cache lengths summed over the timed passes
     * @param outputTokens    tokens output by the timed decodes
     */
    public record Row(DecodeMethod method, int decodes, LoopTiming timing, double medianOverhead,
                      List<PassProfile> profile, long newTokens, long cacheLength, long outputTokens) {
        public long passes() {
            return timing.loopPasses();
        }

        /** Phase time summed over the decodes' profiles, in microseconds per pass. */
        public double phaseMicrosPerPass(PassProfile.Phase phase) {
            return profile.stream().mapToLong(p -> p.phaseNanos(phase)).sum() / 1e3 / passes();
        }

        public double bookkeepingMicrosPerPass() {
            return profile.stream().mapToLong(PassProfile::bookkeepingNanos).sum() / 1e3 / passes();
        }

        /** NDArrays the passes created, per pass (each one native op and one native delete); -1 unknown. */
        public double arraysPerPass() {
            long arrays = profile.stream().mapToLong(PassProfile::arrays).sum();
            return arrays < 0 ? -1 : arrays / (double) passes();
        }
    }

    private LoopBenchmark() {
    }

    /**
     * Decodes every prompt with every method ({@code warmUp} more decodes of the first prompts
     * before, untimed) and replays each decode's passes as bare forwards.
     */
    public static List<Row> run(LoadedModel model, List<DecodeMethod> methods, List<String> prompts,
                                int maxNewTokens, long seed, int warmUp) {
        List<Row> rows = new ArrayList<>();
        for (DecodeMethod method : methods) {
            if (StopRequest.isRequested()) {
                break;
            }
            for (int i = 0; i < warmUp; i++) {
                measure(model, method, prompts.get(i % prompts.size()), maxNewTokens, seed + i);
            }
            LoopTiming sum = new LoopTiming(0, 0, 0, 0);
            double[] overheads = new double[prompts.size()];
            List<PassProfile> profiles = new ArrayList<>();
            long newTokens = 0;
            long cacheLength = 0;
            long output = 0;
            int done = 0;
            for (int i = 0; i < prompts.size() && !StopRequest.isRequested(); i++) {
                Measured m = measure(model, method, prompts.get(i), maxNewTokens, seed + i);
                if (m.timing.loopPasses() == 0) {
                    continue;
                }
                sum = sum.plus(m.timing);
                overheads[done++] = m.timing.overhead();
                profiles.add(m.profile);
                for (int j = 0; j < m.profile.passes(); j++) {
                    newTokens += m.profile.tokens(j);
                    cacheLength += m.profile.cacheLength(j);
                }
                output += m.outputTokens;
            }
            if (done == 0) {
                continue;
            }
            double[] sorted = Arrays.copyOf(overheads, done);
            Arrays.sort(sorted);
            double median = done % 2 == 1 ? sorted[done / 2] : (sorted[done / 2 - 1] + sorted[done / 2]) / 2;
            rows.add(new Row(method, done, sum, median, profiles, newTokens, cacheLength, output));
        }
        return rows;
    }

    private record Measured(LoopTiming timing, PassProfile profile, long outputTokens) {
    }

    private static Measured measure(LoadedModel model, DecodeMethod method, String prompt, int maxNewTokens,
                                    long seed) {
        PassProfile profile = PassProfile.start(model.model());
        Recording r;
        try {
            r = model.decode(prompt, new DecodeSettings(method, seed, maxNewTokens, ""), null, DecodeListener.NONE,
                    new Cancellation());
        } finally {
            profile.stop();
        }
        long bare = replay(model.model(), profile, r.promptIds().length, seed);
        return new Measured(new LoopTiming(profile.loopNanos(), profile.passes(), bare, profile.passes()), profile,
                dev.jacobilens.store.Metrics.outputTokens(r));
    }

    /** Bare forwards of the profile's passes, each on a cache of the length its pass ran on; their total time. */
    static long replay(LlamaModel model, PassProfile profile, int promptLength, long seed) {
        Random rng = new Random(seed);
        int vocab = model.config().vocabSize();
        long total = 0;
        try (KvCache cache = new KvCache(model)) {
            ForwardBenchmark.pass(model, cache, randomIds(rng, vocab, promptLength));
            for (int j = 0; j < profile.passes(); j++) {
                int length = profile.cacheLength(j);
                if (cache.length() < length) { // untimed: fill the cache up to the pass's length
                    ForwardBenchmark.pass(model, cache, randomIds(rng, vocab, length - cache.length()));
                }
                cache.truncate(length);
                long[] ids = randomIds(rng, vocab, profile.tokens(j));
                long start = System.nanoTime();
                ForwardBenchmark.pass(model, cache, ids);
                total += System.nanoTime() - start;
            }
        }
        return total;
    }

    private static long[] randomIds(Random rng, int vocab, int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        return ids;
    }
}
