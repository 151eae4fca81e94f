package dev.jacobilens.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds out what a --torch path holds: a Python executable with torch installed, a torch/lib
 * folder, a wheel's torch folder, or a libtorch folder; then its version and CUDA flavour, read
 * from files (the wheel's torch/version.py, libtorch's build-version) rather than guessed.
 */
public final class TorchLocator {
    private static final Pattern ASSIGNMENT = Pattern.compile("^(\\w+)\\s*(?::[^=]*)?=\\s*(.+?)\\s*$");
    private static final Pattern RELEASE = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:[.a-z0-9]*)?(?:\\+(\\w+))?");
    private static final int PYTHON_TIMEOUT_SECONDS = 60;
    /** More than a folder name ever needs; a flood beyond it is not kept. */
    private static final int MAX_PYTHON_OUTPUT = 64 * 1024;

    private TorchLocator() {
    }

    public static TorchInstall resolve(String given) {
        if (given == null || given.isBlank()) {
            throw new TorchSetupException("--torch needs a path: a Python executable with torch installed,"
                    + " a torch/lib folder or a libtorch folder");
        }
        Path path = Path.of(given.trim()).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new TorchSetupException(path + ": no such file or folder (--torch)");
        }
        if (Files.isRegularFile(path)) {
            path = torchLibOfPython(path);
        }
        Path lib;
        Path prefix;
        if (Files.isRegularFile(path.resolve("libtorch.so"))) {
            lib = path;
            prefix = path.getParent();
        } else if (Files.isRegularFile(path.resolve("lib/libtorch.so"))) {
            lib = path.resolve("lib");
            prefix = path;
        } else {
            throw new TorchSetupException(path + ": not a torch/lib or libtorch folder: neither " + path.resolve("libtorch.so")
                    + " nor " + path.resolve("lib/libtorch.so") + " exists");
        }
        TorchInstall install = Files.isRegularFile(prefix.resolve("version.py"))
                ? fromWheel(Path.of(given), lib, prefix.resolve("version.py"))
                : fromLibtorch(Path.of(given), lib, prefix);
        requireLibraries(install);
        return install;
    }

    /** Asks the Python where its torch package is; torch's lib folder is inside it. */
    static Path torchLibOfPython(Path python) {
        return torchLibOfPython(python, PYTHON_TIMEOUT_SECONDS * 1000L);
    }

    static Path torchLibOfPython(Path python, long timeoutMillis) {
        if (!Files.isExecutable(python)) {
            throw new TorchSetupException(python + ": a file, but not an executable (--torch takes a Python"
                    + " executable, a torch/lib folder or a libtorch folder)");
        }
        List<String> command = List.of(python.toString(), "-c",
                "import os, torch; print(os.path.dirname(torch.__file__))");
        BoundedProcess.Result r;
        try {
            r = BoundedProcess.run(command, timeoutMillis, MAX_PYTHON_OUTPUT);
        } catch (IOException e) {
            throw new TorchSetupException(python + ": could not be run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TorchSetupException(python + ": interrupted while asking where torch is");
        }
        if (r.timedOut()) {
            throw new TorchSetupException(python + ": did not answer within " + timeoutMillis / 1000.0
                    + " s when asked where torch is (stopped it)");
        }
        String text = printable(new String(r.output(), StandardCharsets.UTF_8)).strip();
        String last = text.substring(text.lastIndexOf('\n') + 1).strip();
        if (r.exitCode() != 0) {
            throw new TorchSetupException(python + ": this Python cannot import torch ("
                    + (last.isEmpty() ? "exit code " + r.exitCode() : shorten(last)) + ")");
        }
        // A program that is not Python (or prints something else) must not be taken for a path.
        Path dir = null;
        if (!r.truncated() && !last.isEmpty() && !text.contains("\uFFFD") && last.startsWith("/")) {
            try {
                dir = Path.of(last);
            } catch (java.nio.file.InvalidPathException notAPath) {
                dir = null;
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new TorchSetupException(python + ": does not look like a Python with torch: asked where torch"
                    + " is, it printed " + (last.isEmpty() ? "nothing" : "'" + shorten(last) + "'")
                    + (r.truncated() ? " and more than " + MAX_PYTHON_OUTPUT / 1024 + " KiB in all" : "")
                    + " instead of the torch package's folder");
        }
        return dir.resolve("lib");
    }

    /** Control characters (a nul byte, escapes) shown as '?', so an error line stays one clean line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(c == '\n' || (c >= 0x20 && c != 0x7f) ? c : '?'));
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** pip's torch: version.py holds __version__ ("2.13.0+cpu") and cuda ("12.8" or None). */
    static TorchInstall fromWheel(Path given, Path lib, Path versionPy) {
        String version = null;
        String cuda = null;
        String hip = null;
        for (String line : readLines(versionPy)) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = unquote(m.group(2));
            switch (m.group(1)) {
                case "__version__" -> version = value;
                case "cuda" -> cuda = value;
                case "hip" -> hip = value;
                default -> { }
            }
        }
        if (version == null) {
            throw new TorchSetupException(versionPy + ": no __version__ in it, cannot tell which torch this is");
        }
        if (hip != null) {
            throw new TorchSetupException(versionPy + ": torch " + version + " is a ROCm build (hip " + hip
                    + "); DJL's PyTorch engine supports CPU and CUDA builds only");
        }
        String release = release(versionPy, version);
        String flavor = cuda == null ? "cpu" : "cu" + cuda.replace(".", "");
        return new TorchInstall(given, lib, release, version, flavor, "wheel");
    }

    /** The libtorch zip: build-version holds "2.7.1+cu128" (or "+cpu"). */
    static TorchInstall fromLibtorch(Path given, Path lib, Path prefix) {
        Path buildVersion = prefix.resolve("build-version");
        if (!Files.isRegularFile(buildVersion)) {
            throw new TorchSetupException(prefix + ": cannot tell which torch this is: neither "
                    + prefix.resolve("version.py") + " (pip wheel) nor " + buildVersion + " (libtorch) exists");
        }
        List<String> lines = readLines(buildVersion);
        String version = lines.isEmpty() ? "" : lines.get(0).trim();
        String release = release(buildVersion, version);
        Matcher m = RELEASE.matcher(version);
        m.matches();
        String suffix = m.group(2);
        String flavor = suffix != null && suffix.startsWith("cu") ? suffix : "cpu";
        return new TorchInstall(given, lib, release, version, flavor, "libtorch");
    }

    private static String release(Path file, String version) {
        Matcher m = RELEASE.matcher(version);
        if (!m.matches()) {
            throw new TorchSetupException(file + ": unexpected torch version '" + version + "'");
        }
        return m.group(1);
    }

    /** The libraries DJL loads by name; a half-copied folder fails here, not inside the JVM. */
    private static void requireLibraries(TorchInstall install) {
        List<String> needed = new ArrayList<>(List.of("libtorch.so", "libtorch_cpu.so", "libc10.so"));
        if (install.isCuda()) {
            needed.addAll(List.of("libtorch_cuda.so", "libc10_cuda.so"));
        }
        List<String> missing = new ArrayList<>();
        for (String name : needed) {
            if (!Files.isRegularFile(install.libDir().resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new TorchSetupException(install.libDir() + ": " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing (torch " + install.fullVersion()
                    + " needs " + String.join(", ", needed) + ")");
        }
        requireSharedLibraries(install.libDir(), needed);
    }

    /**
     * A library that exists but is empty or not a shared library (a failed copy, a text file)
     * would otherwise fail inside DJL as "Failed to load PyTorch native library", naming no file.
     */
    private static void requireSharedLibraries(Path dir, List<String> names) {
        for (String name : names) {
            Path lib = dir.resolve(name);
            byte[] head = new byte[4];
            int n;
            try (java.io.InputStream in = Files.newInputStream(lib)) {
                n = in.readNBytes(head, 0, 4);
            } catch (IOException e) {
                throw new TorchSetupException(lib + ": cannot be read (" + e.getMessage() + ")");
            }
            if (n == 0) {
                throw new TorchSetupException(lib + ": is empty (0 bytes), not a shared library; reinstall torch");
            }
            if (n < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
                throw new TorchSetupException(lib + ": is not a shared library (no ELF header); reinstall torch");
            }
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TorchSetupException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String unquote(String value) {
        String v = value.trim();
        if (v.equals("None")) {
            return null;
        }
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
