package dev.jacobilens.engine.runtime;

import java.nio.file.Path;

/**
 * An installed PyTorch that DJL can load instead of its bundled CPU library.
 *
 * @param given       the path the user gave (--torch or JACOBI_LENS_TORCH)
 * @param libDir      the folder holding libtorch.so (a wheel's torch/lib, or libtorch/lib)
 * @param version     the release, "2.13.0"
 * @param fullVersion as the install states it, "2.13.0+cpu"
 * @param flavor      DJL's name for the build: "cpu", or "cu" and the CUDA version, "cu128"
 * @param layout      "wheel" (pip's torch package) or "libtorch" (the C++ distribution)
 */
public record TorchInstall(Path given, Path libDir, String version, String fullVersion, String flavor,
                           String layout) {
    public boolean isCuda() {
        return flavor.startsWith("cu");
    }

    public String describe() {
        return "torch " + fullVersion + " (" + flavor + ", " + layout + ") at " + libDir;
    }
}
