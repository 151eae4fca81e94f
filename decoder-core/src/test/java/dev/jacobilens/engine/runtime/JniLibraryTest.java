package dev.jacobilens.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding DJL's JNI library for a torch where DJL looks, and the messages when it is missing,
 * built for another torch, or built for another DJL.
 */
class JniLibraryTest {
    private static final String CLASSIFIER = "linux-x86_64";
    private static final ClassLoader NO_JAR = new URLClassLoader(new URL[0], null);

    @TempDir
    Path tmp;

    @Test
    void missingJniNamesEveryPlaceAndTheBuildCommand() throws IOException {
        TorchInstall t = TorchLocator.resolve(TorchLayouts.wheel(tmp, "2.13.0+cpu", null, TorchLayouts.CPU_LIBS).toString());
        Path cache = tmp.resolve("cache");
        String msg = assertThrows(TorchSetupException.class, () -> JniLibrary.find(t, cache, CLASSIFIER, NO_JAR)).getMessage();
        assertTrue(msg.startsWith("no DJL JNI library (libdjl_torch.so) for torch 2.13.0+cpu (cpu)"), msg);
        assertTrue(msg.contains(t.libDir().resolve("0.36.0-libdjl_torch.so").toString()), msg);
        assertTrue(msg.contains(cache.resolve("pytorch/2.13.0-cpu-linux-x86_64/0.36.0-libdjl_torch.so").toString()), msg);
        assertTrue(msg.contains("Build one with: tools/build-djl-jni --djl-src DIR --torch " + t.given()), msg);
    }

    @Test
    void theJarServesTorch271ForItsTwoFlavoursOnly() throws IOException {
        ClassLoader jar = JniLibraryTest.class.getClassLoader(); // the test classpath has pytorch-jni 2.7.1-0.36.0
        TorchInstall cu128 = TorchLocator.resolve(TorchLayouts.wheel(tmp.resolve("a"), "2.7.1+cu128", "12.8",
                TorchLayouts.CUDA_LIBS).toString());
        JniLibrary.Found found = JniLibrary.find(cu128, tmp.resolve("cache"), CLASSIFIER, jar);
        assertTrue(found.inJar());
        assertEquals("jar:jnilib/linux-x86_64/cu128/libdjl_torch.so", found.location());
        TorchInstall cu126 = TorchLocator.resolve(TorchLayouts.wheel(tmp.resolve("b"), "2.7.1+cu126", "12.6",
                TorchLayouts.CUDA_LIBS).toString());
        String msg = assertThrows(TorchSetupException.class,
                () -> JniLibrary.find(cu126, tmp.resolve("cache"), CLASSIFIER, jar)).getMessage();
        assertTrue(msg.contains("for torch 2.7.1+cu126 (cu126)") && msg.contains("holds builds for torch 2.7.1 only"), msg);
    }

    @Test
    void aBuiltJniInTheCacheIsFoundAndItsTorchChecked() throws IOException {
        TorchInstall t = TorchLocator.resolve(TorchLayouts.wheel(tmp, "2.13.0+cpu", null, TorchLayouts.CPU_LIBS).toString());
        Path dir = Files.createDirectories(tmp.resolve("cache/pytorch/2.13.0-cpu-linux-x86_64"));
        Path jni = dir.resolve("0.36.0-libdjl_torch.so");
        Files.writeString(jni, "");
        Files.writeString(dir.resolve("0.36.0-libdjl_torch.so.properties"), "torch_version=2.13.0\nflavor=cpu\n");
        assertEquals(jni.toString(), JniLibrary.find(t, tmp.resolve("cache"), CLASSIFIER, NO_JAR).location());

        Files.writeString(dir.resolve("0.36.0-libdjl_torch.so.properties"), "torch_version=2.11.0\nflavor=cpu\n");
        String msg = assertThrows(TorchSetupException.class,
                () -> JniLibrary.find(t, tmp.resolve("cache"), CLASSIFIER, NO_JAR)).getMessage();
        assertTrue(msg.startsWith(jni + " was built for torch 2.11.0 (cpu"), msg);
        assertTrue(msg.contains("is torch 2.13.0+cpu (cpu): rebuild it with tools/build-djl-jni"), msg);
    }

    @Test
    void aJniInTheTorchLibFolderComesFirst() throws IOException {
        TorchInstall t = TorchLocator.resolve(TorchLayouts.libtorch(tmp, "2.13.0+cpu", TorchLayouts.CPU_LIBS).toString());
        Files.writeString(t.libDir().resolve("libdjl_torch.so"), "");
        assertEquals(t.libDir().resolve("libdjl_torch.so").toString(),
                JniLibrary.find(t, tmp.resolve("cache"), CLASSIFIER, NO_JAR).location());
    }

    @Test
    void aJniForAnotherDjlVersionIsPointedOut() throws IOException {
        TorchInstall t = TorchLocator.resolve(TorchLayouts.libtorch(tmp, "2.13.0+cpu", TorchLayouts.CPU_LIBS).toString());
        Files.writeString(t.libDir().resolve("0.35.0-libdjl_torch.so"), "");
        String msg = assertThrows(TorchSetupException.class,
                () -> JniLibrary.find(t, tmp.resolve("cache"), CLASSIFIER, NO_JAR)).getMessage();
        assertTrue(msg.contains("found " + t.libDir().resolve("0.35.0-libdjl_torch.so")
                + ", built for another DJL version (this app uses DJL 0.36.0)"), msg);
    }

    @Test
    void anEnvironmentOverrideOfTheTorchIsRefused() throws IOException {
        Path torch = TorchLayouts.wheel(tmp, "2.13.0+cpu", null, TorchLayouts.CPU_LIBS);
        String msg = assertThrows(TorchSetupException.class, () -> EngineSetup.configure(torch.toString(),
                Map.of("PYTORCH_LIBRARY_PATH", "/elsewhere"))).getMessage();
        assertTrue(msg.contains("PYTORCH_LIBRARY_PATH=/elsewhere would override --torch " + torch), msg);
        assertFalse(EngineSetup.torch().isPresent());
    }

    @Test
    void theBundledLibraryFolderIsARealFolderWithoutVersionFiles() {
        Engine.getEngine("PyTorch"); // extracts the bundled library into DJL's cache
        Path bundled = Path.of(LibUtils.getLibtorchPath());
        String msg = assertThrows(TorchSetupException.class, () -> TorchLocator.resolve(bundled.toString())).getMessage();
        // DJL's cache folder holds the libraries directly, so it is read as a lib folder whose
        // parent would hold version.py or build-version.
        assertTrue(msg.contains(bundled.getParent().resolve("version.py").toString())
                && msg.contains(bundled.getParent().resolve("build-version").toString()), msg);
    }
}
