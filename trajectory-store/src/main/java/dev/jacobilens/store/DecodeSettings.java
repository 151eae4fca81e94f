package dev.jacobilens.store;

import dev.jacobilens.store.method.DecodeMethod;

/**
 * How a decode was run.
 *
 * <p>Files keep the layout they have always had ({@link DecodeSettingsJson}): {@code strategy}
 * (the method's id), {@code block_size}, {@code seed}, {@code max_new_tokens}, {@code device}
 * and {@code parameters} (the method's parameters as text, and {@code draft_model} and
 * {@code draft_passes} for speculative decoding).
 *
 * @param method       the decoding method and its parameters
 * @param seed         seed of the RNG that draws a block's (or lookahead window's) initial guess
 * @param maxNewTokens generation budget
 * @param device       the device the passes ran on, as {@link DeviceNames#shown} writes it ("cpu",
 *                     "gpu 0"); an engine name ("gpu(0)", from older recordings) is rewritten so
 *                     old files read the same
 * @param draftModel   the draft model's name (speculative decoding), null when none ran
 * @param draftPasses  the draft model's forward passes, its prompt pass included; every other
 *                     count in a recording is the target's. 0 when no draft ran
 */
public record DecodeSettings(DecodeMethod method, long seed, int maxNewTokens, String device, String draftModel,
                             int draftPasses) {
    /** Key of the file's {@code parameters} holding {@link #draftPasses}. */
    public static final String DRAFT_PASSES = "draft_passes";
    /** Key of the file's {@code parameters} holding {@link #draftModel}. */
    public static final String DRAFT_MODEL = "draft_model";

    public DecodeSettings {
        // device may be null: callers build settings before a model handle picks the device.
        device = DeviceNames.shown(device);
        if (method == null) {
            throw new IllegalArgumentException("decode settings need a method");
        }
        if (maxNewTokens < 0 || draftPasses < 0) {
            throw new IllegalArgumentException("max new tokens and draft passes must be non-negative, got "
                    + maxNewTokens + " and " + draftPasses);
        }
    }

    /** Settings of a decode without a draft model. */
    public DecodeSettings(DecodeMethod method, long seed, int maxNewTokens, String device) {
        this(method, seed, maxNewTokens, device, null, 0);
    }

    /** The same settings with another method. */
    public DecodeSettings withMethod(DecodeMethod other) {
        return new DecodeSettings(other, seed, maxNewTokens, device, draftModel, draftPasses);
    }

    /** The same settings on a device. */
    public DecodeSettings onDevice(String other) {
        return new DecodeSettings(method, seed, maxNewTokens, other, draftModel, draftPasses);
    }

    /** The same settings with another seed. */
    public DecodeSettings withSeed(long other) {
        return new DecodeSettings(method, other, maxNewTokens, device, draftModel, draftPasses);
    }

    /** The same settings with the draft model that ran and its passes. */
    public DecodeSettings withDraft(String model, int passes) {
        return new DecodeSettings(method, seed, maxNewTokens, device, model, passes);
    }

    /** The method and its parameters for a human, e.g. "lookahead W=12 N=6 G=12". */
    public String describe() {
        return method.describe() + (draftModel == null ? "" : " with draft model " + draftModel);
    }
}
