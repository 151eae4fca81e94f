package dev.jacobilens.engine.runtime;

import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real installed torch, when the machine has one: run with
 * {@code -Djacobilens.test.torch=/path/to/python} (or a torch/lib or libtorch folder). The
 * version must be the one torch reports about itself, and the JNI library must be found.
 */
class RealTorchTest {
    @Test
    void aRealTorchResolvesAndHasAJni() throws Exception {
        String given = System.getProperty("jacobilens.test.torch", "");
        assumeTrue(!given.isBlank(), "no -Djacobilens.test.torch given");
        TorchInstall t = TorchLocator.resolve(given);
        assertTrue(Files.isRegularFile(t.libDir().resolve("libtorch.so")));
        Path versionPy = t.libDir().getParent().resolve("version.py");
        if (Files.isRegularFile(versionPy)) {
            assertTrue(Files.readString(versionPy).contains("__version__ = '" + t.fullVersion() + "'"));
        }
        JniLibrary.Found jni = JniLibrary.find(t, Utils.getEngineCacheDir(), "linux-x86_64",
                RealTorchTest.class.getClassLoader());
        assertTrue(jni.inJar() || Files.isRegularFile(Path.of(jni.location())), jni.location());
    }
}
