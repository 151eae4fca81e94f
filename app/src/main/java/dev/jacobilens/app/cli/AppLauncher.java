package dev.jacobilens.app.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Opens the desktop app. Looked up by name so that command-line use never loads JavaFX.
 */
final class AppLauncher {
    private AppLauncher() {
    }

    static void launch(String[] args) {
        String problem = displayProblem(System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("glass.platform"));
        if (problem != null) {
            System.err.println("jacobi-lens: " + problem);
            System.exit(2);
            return;
        }
        try {
            Class.forName("dev.jacobilens.app.JacobiLensApp").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            // what the app itself threw, in words (JavaFX's own errors carry a readable message)
            System.err.println("jacobi-lens: the desktop app could not start: " + UserMessages.describe(e.getCause()));
            System.exit(2);
        } catch (ReflectiveOperationException e) {
            System.err.println("jacobi-lens: the desktop app could not start: " + UserMessages.describe(e));
            System.exit(2);
        }
    }

    /**
     * Why the window cannot open here, or null. On Linux, GTK needs an X11 or Wayland display;
     * without one JavaFX fails deep inside its start-up with an exception that says nothing useful.
     * Monocle (the headless platform the tests use) needs none.
     */
    static String displayProblem(Map<String, String> env, String osName, String glassPlatform) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux") || "Monocle".equalsIgnoreCase(glassPlatform)) {
            return null;
        }
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return "no display to open the app on (neither DISPLAY nor WAYLAND_DISPLAY is set): run it in a"
                    + " desktop session, or with ssh -X, or run a command instead (jacobi-lens --help)";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
