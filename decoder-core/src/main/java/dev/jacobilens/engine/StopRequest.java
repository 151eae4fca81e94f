package dev.jacobilens.engine;

/**
 * A process-wide request to stop, set by a signal (SIGINT, SIGTERM) or by the app's window
 * closing. Long work looks at it only at safe points: decoders between forward passes (every
 * {@link Cancellation} reads it), training between steps, collection between prompts. The JVM
 * must not exit while PyTorch runs native code (its static destructors would run under a live
 * backward pass and crash the JVM), so stopping is always cooperative: the work returns, then
 * the process exits.
 */
public final class StopRequest {
    private static volatile String reason;

    private StopRequest() {
    }

    /** Asks everything running to stop at its next safe point; the first reason is kept. */
    public static synchronized void request(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public static boolean isRequested() {
        return reason != null;
    }

    /** Why the stop was requested ("SIGTERM", "window closed"), or null. */
    public static String reason() {
        return reason;
    }

    /** For tests and for an app that keeps running after a cancelled stop: forgets the request. */
    public static synchronized void clear() {
        reason = null;
    }
}
