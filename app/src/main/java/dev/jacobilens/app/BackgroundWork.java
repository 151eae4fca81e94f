package dev.jacobilens.app;

import dev.jacobilens.app.ui.DialogService;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs file work (open, save, export) off the UI thread, one job at a time as far as the user
 * sees it: {@link #busyProperty()} is true meanwhile. A failure becomes a dialog naming what failed
 * and why, in words meant for a user.
 */
final class BackgroundWork {
    private final Executor uiThread;
    private final Executor background;
    private final DialogService dialogs;
    private final Consumer<String> status;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    BackgroundWork(Executor uiThread, Executor background, DialogService dialogs, Consumer<String> status) {
        this.uiThread = uiThread;
        this.background = background;
        this.dialogs = dialogs;
        this.status = status;
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Runs {@code work} in the background, then {@code onSuccess} with its result on the UI thread. */
    <T> void run(String what, Callable<T> work, Consumer<T> onSuccess) {
        busy.set(true);
        status.accept("Working: " + what + "…");
        background.execute(() -> {
            try {
                T result = work.call();
                uiThread.execute(() -> {
                    busy.set(false);
                    onSuccess.accept(result);
                });
            } catch (InterruptedIOException cancelled) {
                uiThread.execute(() -> {
                    busy.set(false);
                    status.accept(cancelled.getMessage());
                });
            } catch (Exception | OutOfMemoryError e) {
                String message = (e instanceof IOException || e instanceof IllegalArgumentException)
                        && e.getMessage() != null ? withoutParserDetail(e.getMessage())
                        : e instanceof OutOfMemoryError ? "Out of memory. Give Java more memory (-Xmx) and try again."
                        : e.toString();
                uiThread.execute(() -> {
                    busy.set(false);
                    status.accept("Could not " + what);
                    dialogs.showError("Could not " + what, message);
                });
            }
        });
    }

    /** Posts a progress report from a background job to the UI thread. */
    void onUiThread(Runnable update) {
        uiThread.execute(update);
    }

    /**
     * Drops the JSON parser's own location dump ("at [Source: REDACTED ...]"), which means
     * nothing to a user; the file, line and column are already in the message before it.
     */
    static String withoutParserDetail(String message) {
        int cut = message.indexOf(" (start marker at [Source");
        if (cut < 0) {
            cut = message.indexOf(" at [Source");
        }
        return cut < 0 ? message : message.substring(0, cut);
    }
}
