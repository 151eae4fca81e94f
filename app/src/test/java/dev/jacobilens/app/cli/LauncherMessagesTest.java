package dev.jacobilens.app.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the launcher says when the app cannot start, or the JVM runs out of memory. */
class LauncherMessagesTest {
    @Test
    void noDisplayIsSaidInWords() {
        String msg = AppLauncher.displayProblem(Map.of(), "Linux", null);
        assertTrue(msg != null && msg.startsWith("no display") && msg.contains("DISPLAY"), msg);
        assertTrue(AppLauncher.displayProblem(Map.of("DISPLAY", " "), "Linux", null) != null);
        assertNull(AppLauncher.displayProblem(Map.of("DISPLAY", ":0"), "Linux", null));
        assertNull(AppLauncher.displayProblem(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null));
        assertNull(AppLauncher.displayProblem(Map.of(), "Linux", "Monocle"), "headless tests need no display");
        assertNull(AppLauncher.displayProblem(Map.of(), "Mac OS X", null));
    }

    @Test
    void outOfMemoryNamesTheVariableTheLauncherReads() throws Exception {
        String msg = UserMessages.describe(new OutOfMemoryError("Java heap space"));
        assertTrue(msg.contains("JACOBI_LENS_JAVA_OPTS=-Xmx"), msg);
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("..", "bin", "jacobi-lens"));
        assertTrue(launcher.contains("${JACOBI_LENS_JAVA_OPTS"), "the launcher no longer reads the variable named");
    }

    @Test
    void trainingWithoutMklCbwrSaysItMayNotRepeat() {
        String note = Repeatability.note(Map.of(), "distill");
        assertTrue(note != null && note.contains("MKL_CBWR") && note.contains("distill"), note);
        assertNull(Repeatability.note(Map.of("MKL_CBWR", "AUTO"), "distill"), "the user chose a path");
    }

    @Test
    void theLauncherSetsMklCbwrForTrainingEvenAfterTorch() throws Exception {
        // the launcher's own command-word loop, run with a java that only prints MKL_CBWR
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("..", "bin", "jacobi-lens"));
        String loop = launcher.substring(launcher.indexOf("command_word=\"\""), launcher.indexOf("# Private by default"));
        for (String[] c : new String[][] {{"distill", "COMPATIBLE"}, {"--torch /x distill", "COMPATIBLE"},
                {"--torch=/x collect", "COMPATIBLE"}, {"decode", ""}, {"--torch distill decode", ""}}) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -- " + c[0] + "\n" + loop
                    + "echo \"${MKL_CBWR:-}\"").redirectErrorStream(true);
            pb.environment().remove("MKL_CBWR");
            Process p = pb.start();
            String printed = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            org.junit.jupiter.api.Assertions.assertEquals(c[1], printed, c[0]);
        }
    }
}
