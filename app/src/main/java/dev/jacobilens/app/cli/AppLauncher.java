package dev.jacobilens.app.cli;

/**
 * Opens the desktop app. Looked up by name so that command-line use never loads JavaFX.
 */
final class AppLauncher {
    private AppLauncher() {
    }

    static void launch(String[] args) {
        try {
            Class.forName("dev.jacobilens.app.JacobiLensApp").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (ReflectiveOperationException e) {
            System.err.println("jacobi-lens: the desktop app could not start: " + e);
            System.exit(2);
        }
    }
}
