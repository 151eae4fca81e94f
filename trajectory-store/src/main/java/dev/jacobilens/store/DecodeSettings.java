package dev.jacobilens.store;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a decode was run.
 *
 * @param strategy     the method: {@link #AR}, {@link #JACOBI}, {@link #LOOKAHEAD} or {@link #SPECULATIVE}
 * @param blockSize    Jacobi block size n (1 for the other methods)
 * @param seed         seed of the RNG that draws a block's (or lookahead window's) initial guess
 * @param maxNewTokens generation budget
 * @param device       the device the passes ran on, as {@link DeviceNames#shown} writes it ("cpu",
 *                     "gpu 0"); an engine name ("gpu(0)", from older recordings) is rewritten so
 *                     old files read the same
 * @param parameters   the method's own parameters, by name: lookahead's {@code window},
 *                     {@code ngram}, {@code guesses}, {@code text_ngrams}; speculative's
 *                     {@code draft_model} and {@code draft_tokens}, and its measured
 *                     {@code draft_passes} (the draft model's forward passes, its prompt pass
 *                     included; every other count in a recording is the target's). Empty for AR
 *                     and Jacobi, and in files written before methods had parameters.
 */
public record DecodeSettings(String strategy, int blockSize, long seed, int maxNewTokens, String device,
                             // left out of files when empty, so AR and Jacobi recordings are written as before
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> parameters) {
    public static final String AR = "ar";
    public static final String JACOBI = "jacobi";
    public static final String LOOKAHEAD = "lookahead";
    public static final String SPECULATIVE = "speculative";
    /** Key of {@link #parameters} holding the draft model's forward passes. */
    public static final String DRAFT_PASSES = "draft_passes";

    public DecodeSettings {
        // device may be null: callers build settings before a model handle picks the device.
        device = DeviceNames.shown(device);
        if (strategy == null) {
            throw new IllegalArgumentException("decode settings need a strategy");
        }
        if (blockSize < 1 || maxNewTokens < 0) {
            throw new IllegalArgumentException("block size must be at least 1 and max new tokens non-negative, got "
                    + blockSize + " and " + maxNewTokens);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        if (parameters != null) {
            parameters.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("decode parameter " + k + " = " + v + ": names and values must be present");
                }
                sorted.put(k, v);
            });
        }
        parameters = Collections.unmodifiableMap(sorted);
    }

    /** AR or Jacobi settings, which have no parameters of their own. */
    public DecodeSettings(String strategy, int blockSize, long seed, int maxNewTokens, String device) {
        this(strategy, blockSize, seed, maxNewTokens, device, Map.of());
    }

    /** The same settings with one more parameter. */
    public DecodeSettings with(String name, String value) {
        TreeMap<String, String> more = new TreeMap<>(parameters);
        more.put(name, value);
        return new DecodeSettings(strategy, blockSize, seed, maxNewTokens, device, more);
    }

    /** The draft model's forward passes (speculative decoding), 0 when no draft ran. */
    public int draftPasses() {
        String v = parameters.get(DRAFT_PASSES);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The strategy and its parameters for a human, e.g. "lookahead n=1 guesses=8 ngram=6 text_ngrams=true window=8". */
    public String describe() {
        StringBuilder sb = new StringBuilder(strategy).append(" n=").append(blockSize);
        parameters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
