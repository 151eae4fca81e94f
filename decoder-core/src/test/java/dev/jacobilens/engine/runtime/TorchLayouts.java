package dev.jacobilens.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Fake torch installs for tests: the files that identify a layout, with stub libraries (an ELF header only). */
final class TorchLayouts {
    static final String CPU_LIBS = "libtorch.so libtorch_cpu.so libc10.so";
    static final String CUDA_LIBS = CPU_LIBS + " libtorch_cuda.so libc10_cuda.so";

    private TorchLayouts() {
    }

    /** site-packages/torch with version.py and lib/; returns the torch folder. */
    static Path wheel(Path root, String version, String cuda, String libs) throws IOException {
        Path torch = root.resolve("site-packages/torch");
        Files.createDirectories(torch.resolve("lib"));
        Files.writeString(torch.resolve("version.py"), "from typing import Optional\n\n"
                + "__all__ = ['__version__', 'debug', 'cuda']\n"
                + "__version__ = '" + version + "'\n"
                + "debug = False\n"
                + "cuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'") + "\n"
                + "hip: Optional[str] = None\n");
        touch(torch.resolve("lib"), libs);
        return torch;
    }

    /** The libtorch zip's layout: build-version and lib/. */
    static Path libtorch(Path root, String buildVersion, String libs) throws IOException {
        Path dir = root.resolve("libtorch");
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("build-version"), buildVersion + "\n");
        touch(dir.resolve("lib"), libs);
        return dir;
    }

    /** A shell script standing in for python: prints the torch folder, or fails like a bad import. */
    static Path python(Path root, Path torchDir) throws IOException {
        Path script = root.resolve("python");
        String body = torchDir == null
                ? "echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1"
                : "echo '" + torchDir + "'";
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static void touch(Path dir, String names) throws IOException {
        for (String name : names.split(" ")) {
            Files.write(dir.resolve(name), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        }
    }

    /** A shell script standing in for python, with the given body. */
    static Path script(Path root, String name, String body) throws IOException {
        Path script = root.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
