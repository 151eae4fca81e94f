package dev.jacobilens.engine.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --torch on fake wheel and libtorch folders: version and flavour, and each way to be wrong. */
class TorchLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void wheelFolderLibFolderAndPythonAllResolveToTheSameTorch() throws IOException {
        Path torch = TorchLayouts.wheel(tmp, "2.13.0+cpu", null, TorchLayouts.CPU_LIBS);
        for (String given : new String[] {torch.toString(), torch.resolve("lib").toString(),
                TorchLayouts.python(tmp, torch).toString()}) {
            TorchInstall t = TorchLocator.resolve(given);
            assertEquals(torch.resolve("lib"), t.libDir(), given);
            assertEquals("2.13.0", t.version());
            assertEquals("2.13.0+cpu", t.fullVersion());
            assertEquals("cpu", t.flavor());
            assertEquals("wheel", t.layout());
        }
    }

    @Test
    void cudaWheelGetsItsCudaFlavour() throws IOException {
        Path torch = TorchLayouts.wheel(tmp, "2.11.0+cu130", "13.0", TorchLayouts.CUDA_LIBS);
        TorchInstall t = TorchLocator.resolve(torch.toString());
        assertEquals("cu130", t.flavor());
        assertEquals("2.11.0", t.version());
        assertTrue(t.isCuda());
    }

    @Test
    void libtorchLayoutReadsBuildVersion() throws IOException {
        Path dir = TorchLayouts.libtorch(tmp, "2.7.1+cu128", TorchLayouts.CUDA_LIBS);
        TorchInstall t = TorchLocator.resolve(dir.toString());
        assertEquals("2.7.1", t.version());
        assertEquals("cu128", t.flavor());
        assertEquals("libtorch", t.layout());
        assertEquals("cpu", TorchLocator.resolve(TorchLayouts.libtorch(tmp.resolve("c"), "2.13.0+cpu",
                TorchLayouts.CPU_LIBS).toString()).flavor());
    }

    @Test
    void aMissingPathIsNamed() {
        String msg = fails(tmp.resolve("nowhere").toString());
        assertTrue(msg.contains(tmp.resolve("nowhere") + ": no such file or folder"), msg);
    }

    @Test
    void aFolderWithoutLibtorchNamesBothPlacesLookedAt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String msg = fails(empty.toString());
        assertTrue(msg.contains(empty.resolve("libtorch.so").toString()) && msg.contains(empty.resolve("lib/libtorch.so").toString()), msg);
    }

    @Test
    void aFolderWithoutVersionFilesSaysWhichAreMissing() throws IOException {
        Path dir = tmp.resolve("bare");
        Files.createDirectories(dir.resolve("lib"));
        TorchLayouts.touch(dir.resolve("lib"), TorchLayouts.CPU_LIBS);
        String msg = fails(dir.toString());
        assertTrue(msg.contains(dir.resolve("version.py").toString()) && msg.contains(dir.resolve("build-version").toString()), msg);
    }

    @Test
    void missingCudaLibrariesAreNamed() throws IOException {
        Path torch = TorchLayouts.wheel(tmp, "2.11.0+cu130", "13.0", TorchLayouts.CPU_LIBS);
        String msg = fails(torch.toString());
        assertTrue(msg.startsWith(torch.resolve("lib") + ": libtorch_cuda.so, libc10_cuda.so are missing"), msg);
    }

    @Test
    void aPythonWithoutTorchSaysSo() throws IOException {
        Path python = TorchLayouts.python(tmp, null);
        String msg = fails(python.toString());
        assertTrue(msg.contains(python + ": this Python cannot import torch (ModuleNotFoundError"), msg);
    }

    @Test
    void aRocmBuildIsRefusedByName() throws IOException {
        Path torch = TorchLayouts.wheel(tmp, "2.9.0+rocm6.4", null, TorchLayouts.CPU_LIBS);
        Files.writeString(torch.resolve("version.py"), "__version__ = '2.9.0+rocm6.4'\nhip = '6.4.0'\ncuda = None\n");
        String msg = fails(torch.toString());
        assertTrue(msg.contains("ROCm build"), msg);
    }

    @Test
    void anUnreadableVersionIsNamed() throws IOException {
        Path dir = TorchLayouts.libtorch(tmp, "nightly", TorchLayouts.CPU_LIBS);
        String msg = fails(dir.toString());
        assertTrue(msg.contains(dir.resolve("build-version") + ": unexpected torch version 'nightly'"), msg);
    }

    @Test
    void emptyOrGarbageLibrariesAreNamedBeforeDjlTriesToLoadThem() throws IOException {
        Path torch = TorchLayouts.wheel(tmp, "2.13.0+cpu", null, TorchLayouts.CPU_LIBS);
        Path lib = torch.resolve("lib/libtorch_cpu.so");
        Files.write(lib, new byte[0]);
        String msg = fails(torch.toString());
        assertTrue(msg.startsWith(lib + ": is empty (0 bytes)"), msg);
        Files.writeString(lib, "this is not a library\n");
        msg = fails(torch.toString());
        assertTrue(msg.startsWith(lib + ": is not a shared library"), msg);
    }

    @Test
    void aProgramThatIsNotPythonIsSaidToBeOne() throws IOException {
        for (String body : new String[] {"exit 0", "echo hello", "echo relative/torch", "printf '/tmp\\000x\\n'"}) {
            Path fake = TorchLayouts.script(tmp, "fake", body);
            String msg = fails(fake.toString());
            assertTrue(msg.startsWith(fake + ": does not look like a Python with torch"), body + ": " + msg);
            assertTrue(msg.chars().noneMatch(c -> c < 0x20), "a control character reached the message: " + msg);
        }
    }

    @Test
    void aFloodOfOutputIsCutAndNamed() throws IOException {
        Path flood = TorchLayouts.script(tmp, "flood", "head -c 5000000 /dev/zero; echo");
        String msg = fails(flood.toString());
        assertTrue(msg.startsWith(flood + ": does not look like a Python with torch") && msg.contains("KiB in all")
                && msg.length() < 1000, msg);
    }

    @Test
    void aPythonThatSleepsOrLeavesAChildHoldingItsOutputIsStoppedInTime() throws IOException {
        Path sleeper = TorchLayouts.script(tmp, "sleeper", "sleep 31.7 & sleep 31.7");
        long t0 = System.nanoTime();
        String msg = assertThrows(TorchSetupException.class,
                () -> TorchLocator.torchLibOfPython(sleeper, 1000)).getMessage();
        assertTrue(msg.startsWith(sleeper + ": did not answer within 1.0 s"), msg);
        assertTrue(System.nanoTime() - t0 < 10e9, "the time limit did not fire");
        assertTrue(noneLeft("31.7"), "the Python's process tree was not ended");
        // exits at once, but a background child keeps stdout open for 30 s
        Path torch = TorchLayouts.wheel(tmp, "2.13.0+cpu", null, TorchLayouts.CPU_LIBS);
        Path forker = TorchLayouts.script(tmp, "forker", "sleep 32.3 & echo '" + torch + "'");
        t0 = System.nanoTime();
        assertEquals(torch.resolve("lib"), TorchLocator.torchLibOfPython(forker, 20_000));
        assertTrue(System.nanoTime() - t0 < 10e9, "waited for the background child");
        assertTrue(noneLeft("32.3"), "the background child holding the output was left running");
    }

    /** No process of this test's sleeps (told apart by their odd durations) is still running. */
    private static boolean noneLeft(String duration) throws IOException {
        for (int tries = 0; tries < 50; tries++) { // 5 s: a loaded machine reaps slowly
            boolean any = ProcessHandle.allProcesses().anyMatch(h -> h.info().arguments()
                    .map(a -> a.length == 1 && a[0].equals(duration)).orElse(false));
            if (!any) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    private static String fails(String given) {
        return assertThrows(TorchSetupException.class, () -> TorchLocator.resolve(given)).getMessage();
    }
}
