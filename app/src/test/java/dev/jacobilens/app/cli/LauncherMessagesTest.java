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
}
