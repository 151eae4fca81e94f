package dev.jacobilens.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a second signal may end: a command blocked in a native call outside PyTorch (a FIFO
 * opened for reading never returns), never one that is computing or inside PyTorch.
 */
class SignalStopTest {
    @TempDir
    Path tmp;

    @Test
    void aThreadBlockedOnAFifoIsBlockedOutsidePyTorchAndABusyOneIsNot() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread reader = new Thread(() -> {
            try {
                Files.readAllBytes(fifo); // blocks in open() until a writer comes
            } catch (Exception ignored) {
                // ended by the test's writer
            }
        });
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(300);
        assertTrue(SignalStop.blockedOutsidePyTorch(reader));
        Files.writeString(fifo, "x"); // releases it
        reader.join(5000);

        AtomicBoolean run = new AtomicBoolean(true);
        Thread busy = new Thread(() -> {
            long x = 0;
            while (run.get()) {
                x += (x * 31 + 7) % 11; // pure Java: no native frame on top
            }
            assertTrue(x >= 0);
        });
        busy.start();
        assertFalse(SignalStop.blockedOutsidePyTorch(busy));
        run.set(false);
        busy.join();
    }

    @Test
    void framesOfDjlsPyTorchBindingMeanInsidePyTorch() {
        StackTraceElement jni = new StackTraceElement("ai.djl.pytorch.jni.PyTorchLibrary", "torchMatmul", null, -2);
        StackTraceElement app = new StackTraceElement("dev.jacobilens.train.TrainingLoop", "run", "TrainingLoop.java", 80);
        assertTrue(SignalStop.inNativeEngine(new StackTraceElement[] {jni, app}));
        assertFalse(SignalStop.inNativeEngine(new StackTraceElement[] {app}));
    }
}
