package dev.jacobilens.engine.decode;

import ai.djl.ndarray.NDScope;
import dev.jacobilens.engine.model.LlamaModel;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;

/**
 * An in-process profile of decode loops, off unless a benchmark {@linkplain #start starts} one on
 * its thread: then every decode of that model on that thread records, per forward pass, its new
 * tokens and the cache length it ran on (so that a bare forward of the same shape can be timed
 * beside it), the loop's wall time from the end of the prompt pass to the end of the decode, and
 * per phase the time the passes spent: building the input, the forward pass's ops, the argmax,
 * the host copy of its results, closing the pass's arrays, cache updates. What the loop spent
 * outside those is its bookkeeping. When off, a decoder pays one thread-local read per pass.
 */
public final class PassProfile {
    private static final ThreadLocal<PassProfile> CURRENT = new ThreadLocal<>();
    private static final Field SCOPE_RESOURCES = scopeResources();

    /** The phases of a pass that are timed apart, in report order. */
    public enum Phase {
        INPUT("input ids to native"),
        FORWARD("forward ops (model graph)"),
        ARGMAX("argmax op"),
        HOST_COPY("host copy of results"),
        CLOSE("close pass arrays (scope)"),
        CACHE("cache update (truncate/keep)"),
        HEADS("medusa heads' top guesses");

        public final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final LlamaModel model;
    private final long[] phaseNanos = new long[Phase.values().length];
    private int[] tokens = new int[256];
    private int[] cacheLengths = new int[256];
    private int passes;
    private long arrays;
    private long loopNanos;
    private int decodes;

    private PassProfile(LlamaModel model) {
        this.model = model;
    }

    /** Starts profiling {@code model}'s decodes on this thread (replacing any profile running here). */
    public static PassProfile start(LlamaModel model) {
        PassProfile p = new PassProfile(model);
        CURRENT.set(p);
        return p;
    }

    /** Stops profiling on this thread. */
    public void stop() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /** The profile recording {@code model}'s decodes on this thread, or null (the usual case). */
    static PassProfile of(LlamaModel model) {
        PassProfile p = CURRENT.get();
        return p != null && p.model == model ? p : null;
    }

    void pass(int newTokens, int cacheLength) {
        if (passes == tokens.length) {
            tokens = Arrays.copyOf(tokens, passes * 2);
            cacheLengths = Arrays.copyOf(cacheLengths, passes * 2);
        }
        tokens[passes] = newTokens;
        cacheLengths[passes] = cacheLength;
        passes++;
    }

    void add(Phase phase, long nanos) {
        phaseNanos[phase.ordinal()] += nanos;
    }

    /** Counts the arrays a pass's scope holds before it closes them: each was one native op (and is one delete). */
    void countArrays(NDScope scope) {
        if (SCOPE_RESOURCES == null) {
            return;
        }
        try {
            arrays += ((Map<?, ?>) SCOPE_RESOURCES.get(scope)).size();
        } catch (IllegalAccessException e) {
            // counting is best effort; the timings stand without it
        }
    }

    void loop(long nanos) {
        loopNanos += nanos;
        decodes++;
    }

    /** Forward passes recorded after the prompt passes. */
    public int passes() {
        return passes;
    }

    /** New tokens of pass i (from 0, the first pass after the prompt pass). */
    public int tokens(int i) {
        return tokens[i];
    }

    /** The cache length pass i ran on. */
    public int cacheLength(int i) {
        return cacheLengths[i];
    }

    /** Wall time of the decode loops, prompt passes excluded. */
    public long loopNanos() {
        return loopNanos;
    }

    public int decodes() {
        return decodes;
    }

    public long phaseNanos(Phase phase) {
        return phaseNanos[phase.ordinal()];
    }

    /** NDArrays the passes created (-1 if they could not be counted). */
    public long arrays() {
        return SCOPE_RESOURCES == null ? -1 : arrays;
    }

    /** The loop's time outside the timed phases: the decoder's own bookkeeping. */
    public long bookkeepingNanos() {
        long timed = 0;
        for (long n : phaseNanos) {
            timed += n;
        }
        return loopNanos - timed;
    }

    private static Field scopeResources() {
        try {
            Field f = NDScope.class.getDeclaredField("resources");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
