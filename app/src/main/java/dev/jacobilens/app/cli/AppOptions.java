package dev.jacobilens.app.cli;

import dev.jacobilens.store.InputFiles;

import java.nio.file.Path;
import java.util.List;

/** The desktop app's own options, checked before the window opens. */
final class AppOptions {
    private AppOptions() {
    }

    /** What is wrong with {@code --template} (a missing value, a file that cannot be read); null if nothing. */
    static String templateProblem(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            if (a.equals("--template")) {
                if (i + 1 >= args.size()) {
                    return "option --template needs a value: auto, none or a Jinja template file";
                }
                value = args.get(++i);
            } else if (a.startsWith("--template=")) {
                value = a.substring("--template=".length());
            } else {
                return "unknown option '" + a + "' for the app (it takes --template auto|none|FILE)";
            }
            if (!value.equals("auto") && !value.equals("none")) {
                String problem = InputFiles.problem(Path.of(value));
                if (problem != null) {
                    return "--template " + value + ": " + (problem.equals("no such file") ? "template file is missing" : problem);
                }
            }
        }
        return null;
    }
}
