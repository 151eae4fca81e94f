package dev.jacobilens.engine;

/**
 * Asks a running decode to stop. Decoders look at it between forward passes, so a cancelled
 * decode ends within one pass and returns what it has (stop reason "cancelled").
 */
public final class Cancellation {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    /** True once {@link #cancel()} was called or the process was asked to stop ({@link StopRequest}). */
    public boolean isCancelled() {
        return cancelled || StopRequest.isRequested();
    }
}
