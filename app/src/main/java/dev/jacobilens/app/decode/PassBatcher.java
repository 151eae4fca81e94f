package dev.jacobilens.app.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items from a worker thread to the UI thread in batches. A decoder can produce passes
 * far faster than the screen refreshes; posting one runLater per pass would flood the FX event
 * queue, so at most one drain is pending and it takes everything queued by then.
 */
public final class PassBatcher<T> {
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final Executor uiThread;
    private final Consumer<List<T>> consumer;

    public PassBatcher(Executor uiThread, Consumer<List<T>> consumer) {
        this.uiThread = uiThread;
        this.consumer = consumer;
    }

    /** Called on the worker thread; never blocks. */
    public void offer(T item) {
        queue.add(item);
        if (drainPending.compareAndSet(false, true)) {
            uiThread.execute(this::drain);
        }
    }

    /** Delivers whatever is still queued; the worker calls it (through the UI thread) when it ends. */
    public void flush() {
        uiThread.execute(this::drain);
    }

    private void drain() {
        // Clear the flag first: an item offered while we drain schedules a fresh drain.
        drainPending.set(false);
        List<T> batch = new ArrayList<>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
