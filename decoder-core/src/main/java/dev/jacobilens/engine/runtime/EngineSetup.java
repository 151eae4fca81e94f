package dev.jacobilens.engine.runtime;

import ai.djl.util.Platform;
import ai.djl.util.Utils;

import java.util.Map;
import java.util.Optional;

/**
 * Configures DJL before its PyTorch engine starts: private by default (no downloads, no usage
 * tracking call), and optionally an installed torch instead of the bundled CPU library.
 *
 * <p>DJL reads each setting from the environment first and then from system properties, so the
 * settings here are system properties, and an environment variable that would silently override
 * --torch is an error. Call {@link #configure} once, before anything touches the engine.
 */
public final class EngineSetup {
    /** The environment variable that --torch defaults from. */
    public static final String TORCH_ENV = "JACOBI_LENS_TORCH";
    private static final String[] TORCH_SETTINGS = {"PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR"};

    private static volatile TorchInstall torch;
    private static volatile JniLibrary.Found jni;

    private EngineSetup() {
    }

    /** No downloads and no tracking; DJL's own switches (env DJL_OFFLINE, OPT_OUT_TRACKING) still win. */
    public static void makePrivate() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /**
     * Makes DJL private and, when {@code torchPath} (or else JACOBI_LENS_TORCH) is given, points
     * it at that torch; without either, the bundled CPU library is used.
     *
     * @return the installed torch in use, if any
     * @throws TorchSetupException naming the path and what is missing
     */
    public static Optional<TorchInstall> configure(String torchPath) {
        return configure(torchPath, System.getenv());
    }

    static Optional<TorchInstall> configure(String torchPath, Map<String, String> env) {
        makePrivate();
        if (torchPath != null && torchPath.isBlank()) {
            // an empty --torch "" is a mistake (an unset shell variable), not a request for the bundled library
            throw new TorchSetupException("--torch was given an empty path: give a Python executable with torch,"
                    + " a torch/lib folder or a libtorch folder, or leave --torch out for the bundled CPU library");
        }
        String given = torchPath != null ? torchPath : env.get(TORCH_ENV);
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        TorchInstall install = TorchLocator.resolve(given);
        for (String name : TORCH_SETTINGS) {
            if (env.get(name) != null) {
                throw new TorchSetupException("the environment variable " + name + "=" + env.get(name)
                        + " would override --torch " + given + ": unset it");
            }
        }
        JniLibrary.Found found = JniLibrary.find(install, Utils.getEngineCacheDir(),
                Platform.detectPlatform("pytorch").getClassifier(), EngineSetup.class.getClassLoader());
        System.setProperty("PYTORCH_LIBRARY_PATH", install.libDir().toString());
        System.setProperty("PYTORCH_VERSION", install.version());
        System.setProperty("PYTORCH_FLAVOR", install.flavor());
        torch = install;
        jni = found;
        return Optional.of(install);
    }

    /** The torch given by --torch or JACOBI_LENS_TORCH, once configured. */
    public static Optional<TorchInstall> torch() {
        return Optional.ofNullable(torch);
    }

    /** The JNI library found for that torch. */
    public static Optional<JniLibrary.Found> jni() {
        return Optional.ofNullable(jni);
    }
}
