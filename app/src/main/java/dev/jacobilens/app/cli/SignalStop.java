package dev.jacobilens.app.cli;

import dev.jacobilens.engine.StopRequest;
import sun.misc.Signal;

import java.io.PrintStream;
import java.util.Map;

/**
 * Turns SIGINT and SIGTERM into a {@link StopRequest} instead of the JVM's default exit. The
 * default runs shutdown and then libtorch's static destructors while the main thread may still
 * be inside a forward or backward pass, which crashes the JVM (an hs_err file) and loses
 * everything since the last checkpoint. With this handler the running command stops at its
 * next step boundary, writes its checkpoint or flushes its records, and returns; the CLI then
 * exits with {@link #exitCode()}: 128 plus the signal number, as shells report a signal
 * (130 for SIGINT, 143 for SIGTERM). A second signal ends a command that is blocked outside PyTorch
 * (a FIFO, a process); otherwise it only repeats how to abandon the run.
 *
 * <p>Commands that never run native code ({@link Command#stopsAtBoundaries()} false) do not
 * install it and keep the JVM's behaviour: a signal exits at once with the same code.
 */
final class SignalStop {
    private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15);
    private static volatile int received;
    /** The thread running the command, to see on a second signal whether it is inside PyTorch. */
    private static volatile Thread commandThread;
    private static final Map<String, sun.misc.SignalHandler> PREVIOUS = new java.util.HashMap<>();

    private SignalStop() {
    }

    /** Installs the handlers for a command; false where the JVM does not allow it (-Xrs). */
    static boolean install(String command, PrintStream err) {
        commandThread = Thread.currentThread();
        boolean all = true;
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            try {
                PREVIOUS.put(e.getKey(), Signal.handle(new Signal(e.getKey()),
                        signal -> onSignal(command, e.getKey(), e.getValue(), err)));
            } catch (IllegalArgumentException | UnsupportedOperationException notAllowed) {
                all = false;
            }
        }
        return all;
    }

    private static void onSignal(String command, String name, int number, PrintStream err) {
        if (StopRequest.isRequested()) {
            // A command that never reaches a boundary (blocked opening or reading a file, say)
            // would otherwise ignore every signal: a second one ends it, unless PyTorch is running.
            Thread worker = commandThread;
            if (worker != null && blockedOutsidePyTorch(worker)) {
                err.println("jacobi-lens " + command + ": SIG" + name + " again while blocked outside PyTorch"
                        + " (waiting on a file or process): exiting now");
                err.flush();
                Runtime.getRuntime().halt(128 + (received == 0 ? number : received));
            }
            err.println("jacobi-lens " + command + ": already stopping at the next step boundary;"
                    + " kill -9 abandons the run and loses the work since the last checkpoint");
            return;
        }
        received = number;
        StopRequest.request("SIG" + name);
        err.println("jacobi-lens " + command + ": SIG" + name + " received; stopping at the next step boundary"
                + " (a checkpoint or the records so far are written first)");
    }

    /** Puts back the handlers {@link #install} replaced (the CLI can run in a test's JVM). */
    static void restore() {
        PREVIOUS.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        PREVIOUS.clear();
        commandThread = null;
        // the exit code has been taken: a later command in this JVM (a test's) starts unstopped
        received = 0;
        StopRequest.clear();
    }

    /**
     * True when {@code t} sits in one native call that is not PyTorch's (opening or reading a
     * file, waiting for a process) and has not moved for half a second: it will not reach a step
     * boundary by itself, and exiting cannot catch PyTorch mid-pass.
     */
    static boolean blockedOutsidePyTorch(Thread t) {
        StackTraceElement[] before = t.getStackTrace();
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        StackTraceElement[] after = t.getStackTrace();
        return before.length > 0 && before[0].isNativeMethod() && java.util.Arrays.equals(before, after)
                && !inNativeEngine(before);
    }

    /**
     * True when a thread's stack shows it inside DJL's native PyTorch calls (a forward or backward
     * pass): exiting then would run libtorch's destructors under it and crash the JVM.
     */
    static boolean inNativeEngine(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("ai.djl.pytorch.jni.")) {
                return true;
            }
        }
        return false;
    }

    /** True once a signal asked the command to stop. */
    static boolean stopped() {
        return received != 0;
    }

    /** 128 + the signal's number, or 0 when no signal came. */
    static int exitCode() {
        return received == 0 ? 0 : 128 + received;
    }

    /** The signal's name, e.g. "SIGTERM". */
    static String name() {
        return StopRequest.reason();
    }
}
