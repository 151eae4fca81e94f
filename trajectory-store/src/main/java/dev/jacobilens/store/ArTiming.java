package dev.jacobilens.store;

/**
 * An autoregressive reference run of the same prompt, kept beside a Jacobi recording so that
 * speedups can be computed from the comparison file alone.
 *
 * @param forwardPasses passes the AR decode took (prompt pass included)
 * @param tokens        tokens it generated
 * @param wallNanos     its wall time
 * @param device        the device it ran on, as {@link DeviceNames#shown} writes it
 */
public record ArTiming(int forwardPasses, int tokens, long wallNanos, String device) {
    public ArTiming {
        device = DeviceNames.shown(device);
        if (forwardPasses < 0 || tokens < 0 || wallNanos < 0) {
            throw new IllegalArgumentException("AR timing: negative passes, tokens or wall time");
        }
    }
}
