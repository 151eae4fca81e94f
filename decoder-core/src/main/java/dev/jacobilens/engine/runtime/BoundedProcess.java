package dev.jacobilens.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper process (the --torch Python probe) with a hard time limit and a cap on
 * what it may print. Reading its output to the end would wait forever for a Python that sleeps,
 * or that leaves a background child holding the pipe open after it exits; so the output is read
 * on a daemon thread, the process is waited for with a timeout, and on timeout its whole process
 * tree is killed. What was printed so far is kept either way.
 */
final class BoundedProcess {
    /** How a run ended. {@code output} is at most the cap; {@code truncated} says it overflowed. */
    record Result(boolean timedOut, int exitCode, byte[] output, boolean truncated) {
    }

    /** After the process exits, how long a pipe held open by a leftover child may keep us. */
    private static final long DRAIN_MILLIS = 500;
    private static final java.nio.file.Path SETSID = java.nio.file.Path.of("/usr/bin/setsid");

    private BoundedProcess() {
    }

    static Result run(List<String> command, long timeoutMillis, int maxBytes) throws IOException,
            InterruptedException {
        // In a session (and process group) of its own where setsid(1) exists, so that its whole
        // group, a child it left running in the background included, can be ended at once.
        List<String> line = new java.util.ArrayList<>(command);
        boolean grouped = java.nio.file.Files.isExecutable(SETSID);
        if (grouped) {
            line.add(0, SETSID.toString());
        }
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        // A SIGTERM or Ctrl-C while it runs ends this JVM (no command runs yet): end the helper too.
        Thread reaper = new Thread(() -> endAll(p, grouped, Set.of()), "end-helper-process");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return await(p, grouped, timeoutMillis, maxBytes);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    private static Result await(Process p, boolean grouped, long timeoutMillis, int maxBytes) throws IOException,
            InterruptedException {
        p.getOutputStream().close();
        Capture capture = new Capture(p.getInputStream(), maxBytes);
        Thread reader = new Thread(capture, "process-output");
        reader.setDaemon(true); // never keeps the JVM alive, even if the pipe never closes
        reader.start();
        // Descendants are seen only while their parent lives: remember every one, to end them too.
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean exited = false;
        while (!exited && System.nanoTime() < deadline) {
            p.descendants().forEach(tree::add);
            exited = p.waitFor(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS);
        }
        if (!exited) {
            p.descendants().forEach(tree::add);
            endAll(p, grouped, tree);
            p.waitFor(5, TimeUnit.SECONDS);
            reader.join(DRAIN_MILLIS);
            return new Result(true, -1, capture.bytes(), capture.truncated());
        }
        reader.join(DRAIN_MILLIS);
        // The process is gone; what it started and left running (a background child, which may
        // hold the pipe) is ended too: the probe leaves nothing behind.
        endAll(p, grouped, tree);
        reader.join(DRAIN_MILLIS);
        return new Result(false, p.exitValue(), capture.bytes(), capture.truncated());
    }

    /** Kills the process, the descendants seen, and with setsid its whole process group. */
    private static void endAll(Process p, boolean grouped, Set<ProcessHandle> tree) {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        if (grouped) {
            // the group id is the helper's pid (setsid made it the group leader); its members are
            // found in /proc, so that a child it left behind is ended too, parent gone or not
            long group = p.pid();
            ProcessHandle.allProcesses().filter(h -> processGroup(h.pid()) == group)
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The process group of a process, from /proc/PID/stat (third field after the name); -1 if unknown. */
    static long processGroup(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** Reads a stream to its end, keeping the first {@code max} bytes and dropping the rest. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean truncated;

        Capture(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (this) {
                        int room = max - kept.size();
                        kept.write(buf, 0, Math.min(room, n));
                        truncated |= n > room;
                    }
                }
            } catch (IOException closed) {
                // the process was killed or the pipe closed: what was read is kept
            }
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
