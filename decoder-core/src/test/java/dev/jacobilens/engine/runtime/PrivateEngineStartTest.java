package dev.jacobilens.engine.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starting the engine the way the app does opens no network connection. Each case starts the
 * engine in a fresh JVM ({@link NetworkProbe}) that records every outgoing connection. The
 * control case, DJL left to its defaults, must record DJL's tracking call: that shows the probe
 * sees the connections this test is about, so the private case cannot pass by being blind.
 */
class PrivateEngineStartTest {
    @Test
    void privateEngineStartOpensNoConnection() throws Exception {
        List<String> out = probe("private");
        assertTrue(out.contains("SUM 6.0") && out.contains("DONE"), "the engine did not run: " + out);
        assertEquals(List.of(), out.stream().filter(l -> l.startsWith("CONNECT")).toList());
    }

    @Test
    void controlDjlDefaultsAttemptTheTrackingCall() throws Exception {
        List<String> out = probe("defaults");
        assertTrue(out.contains("DONE"), "the engine did not run: " + out);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("CONNECT") && l.contains("169.254.169.254")),
                "DJL's tracking call (the cloud metadata address) was not seen: " + out);
    }

    private static List<String> probe(String mode) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", classpath,
                NetworkProbe.class.getName(), mode).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // Only the probe's own setting may decide; DJL reads these from the environment first.
        env.remove("DJL_OFFLINE");
        env.remove("OPT_OUT_TRACKING");
        env.remove("PYTORCH_LIBRARY_PATH");
        env.put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM did not finish");
        assertEquals(0, p.exitValue(), text);
        return new ArrayList<>(text.lines().toList());
    }
}
