package dev.jacobilens.app.cli;

import dev.jacobilens.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM during a real {@code train-base} in a child JVM: the run stops at a step boundary,
 * writes a resumable checkpoint and exits with 143, and the JVM does not crash (no hs_err file).
 * Before the fix the JVM exited under PyTorch's backward pass and crashed in 7 of 20 tries.
 */
class GracefulStopTest {
    private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("step (\\d+)/");

    @TempDir
    Path tmp;

    @Test
    void sigtermDuringTrainingWritesACheckpointAndExitsCleanly() throws Exception {
        Path corpus = tmp.resolve("corpus");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertEquals(0, new Cli().run(List.of("corpus", "--out", corpus.toString(), "--train", "300", "--test", "20",
                "--seed", "3"), new PrintStream(sink), new PrintStream(sink)), sink.toString());
        Path out = tmp.resolve("model");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log"),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "train-base", "--corpus", corpus.toString(), "--out", out.toString(), "--config", "tiny",
                "--steps", "100000", "--batch", "4", "--eval-every", "0", "--device", "cpu"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process child = pb.start();
        // A bound on the whole run: if the child never reaches a signal, it is ended, the output
        // closes and the test fails with the log instead of training 100,000 steps.
        java.util.concurrent.ScheduledExecutorService watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(child::destroyForcibly, 180, TimeUnit.SECONDS);
        StringBuilder log = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            boolean signalled = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.append(line).append('\n');
                // "step N/..." with N >= 20 means training steps (forward and backward passes) are
                // running. Any N: a step may be skipped ("step 20: skipped, ...") and print no line.
                java.util.regex.Matcher step = STEP.matcher(line);
                if (!signalled && step.lookingAt() && Integer.parseInt(step.group(1)) >= 20) {
                    // kill(1), not Process.destroy(): destroy() also closes our end of the pipes.
                    assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).start()
                            .waitFor());
                    signalled = true;
                }
            }
            assertTrue(signalled, "training never reached step 20:\n" + log);
        } finally {
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            watchdog.shutdownNow();
        }
        assertEquals(143, child.exitValue(), log.toString());
        assertTrue(log.toString().contains("stopped by SIGTERM"), log.toString());
        assertTrue(log.toString().contains("checkpoint saved"), log.toString());
        try (Stream<Path> files = Stream.concat(Files.list(tmp), Files.list(out))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")),
                    "the JVM crashed:\n" + log);
        }
        assertTrue(TrainingState.exists(out), "no checkpoint after SIGTERM:\n" + log);

        // The checkpoint resumes: a few more steps from where it stopped, then the final export. In a
        // child JVM too, as a user runs it (PyTorch's grad mode is per thread; in this JVM other
        // tests may have started the engine on another thread).
        int stoppedAt = Integer.parseInt(log.toString().replaceAll("(?s).*stopped at step (\\d+).*", "$1"));
        List<String> resume = new ArrayList<>(command.subList(0, 5));
        resume.addAll(List.of("train-base", "--corpus", corpus.toString(), "--out", out.toString(), "--config", "tiny",
                "--steps", String.valueOf(stoppedAt + 5), "--batch", "4", "--eval-every", "0",
                "--final-eval-problems", "1", "--device", "cpu", "--resume"));
        ProcessBuilder again = new ProcessBuilder(resume).directory(tmp.toFile()).redirectErrorStream(true);
        again.environment().putAll(pb.environment());
        Process second = again.start();
        String resumed = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), resumed);
        assertTrue(resumed.contains("resuming from step " + stoppedAt), resumed);
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")), resumed);
        assertTrue(new File(out.toFile(), "config.json").isFile());
    }
}
