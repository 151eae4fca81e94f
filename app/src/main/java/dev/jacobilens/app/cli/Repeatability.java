package dev.jacobilens.app.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Training and collection repeat bit for bit for a seed only when Intel oneMKL inside PyTorch's
 * CPU library keeps one code path (MKL_CBWR=COMPATIBLE, which bin/jacobi-lens sets for these
 * commands) and the thread count is the same (assets/README.md, "Determinism"). A run started
 * another way (java -cp, an IDE) is told so once, rather than found out later by a differing run.
 */
final class Repeatability {
    private Repeatability() {
    }

    /** The note to print, or null when MKL_CBWR is set (to any value: the user chose). */
    static String note(Map<String, String> env, String command) {
        if (env.get("MKL_CBWR") != null) {
            return null;
        }
        return "note: MKL_CBWR is not set, so this " + command + " may not repeat bit for bit for its seed on the CPU"
                + " (bin/jacobi-lens sets MKL_CBWR=COMPATIBLE; see assets/README.md, \"Determinism\")";
    }

    static void warn(PrintStream err, String command) {
        String note = note(System.getenv(), command);
        if (note != null) {
            err.println(note);
        }
    }
}
