package dev.jacobilens.store;

/**
 * How a decode was run.
 *
 * @param strategy     {@link #AR} or {@link #JACOBI}
 * @param blockSize    Jacobi block size n (1 for autoregressive decoding)
 * @param seed         seed of the RNG that draws a block's initial guess
 * @param maxNewTokens generation budget
 * @param device       the device the passes ran on, as {@link DeviceNames#shown} writes it ("cpu",
 *                     "gpu 0"); an engine name ("gpu(0)", from older recordings) is rewritten so
 */
public record DecodeSettings(String strategy, int blockSize, long seed, int maxNewTokens, String device) {
    public static final String AR = "ar";
    public static final String JACOBI = "jacobi";

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
    }
}
