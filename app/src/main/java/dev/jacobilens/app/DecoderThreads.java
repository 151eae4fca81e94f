package dev.jacobilens.app;

import java.util.Map;
import java.util.Properties;

/**
 * How many CPU threads PyTorch may use while the window is open. PyTorch takes every core by
 * default and its threads spin while they wait for one another; when the UI thread needs a core
 * to draw the passes, both slow down several times over (on a 2-core machine the live lanes ran
 * about 2x slower than with one PyTorch thread). So the app leaves one core to the UI. The
 * command line keeps PyTorch's default, and a user's own setting always wins.
 */
final class DecoderThreads {
    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private DecoderThreads() {
    }

    /** Sets {@link #PROPERTY} before the engine starts, unless the user chose a thread count. */
    static void leaveOneCoreForTheUi() {
        Integer threads = choose(Runtime.getRuntime().availableProcessors(), System.getProperties(), System.getenv());
        if (threads != null) {
            System.setProperty(PROPERTY, String.valueOf(threads));
        }
    }

    /** The thread count to set, or null to leave the user's (or PyTorch's) choice alone. */
    static Integer choose(int cores, Properties properties, Map<String, String> environment) {
        if (properties.getProperty(PROPERTY) != null || environment.containsKey("OMP_NUM_THREADS")) {
            return null;
        }
        return Math.max(1, cores - 1);
    }
}
