package dev.jacobilens.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures what loading one model folder costs: the process's peak resident memory (VmHWM) after
 * the load, beside the baseline once the engine is up, and the weight bytes on disk and on the
 * device. One folder per JVM, since VmHWM only ever rises. Used to put a .bin checkpoint beside
 * the same weights as safetensors (tools/probes/torchbin-memory):
 *
 * <pre>java -cp CLASSPATH dev.jacobilens.engine.bench.LoadPeakMemory DIR</pre>
 */
public final class LoadPeakMemory {
    private LoadPeakMemory() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LoadPeakMemory MODEL_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        try (NDManager m = Models.PyTorch.engine().newBaseManager()) {
            m.ones(new Shape(4)).sum().toFloatArray(); // the native libraries loaded and touched: the baseline
        }
        long baseline = status("VmHWM");
        long start = System.nanoTime();
        try (LoadedModel model = Models.load(dir, "cpu")) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            long deviceBytes = 0;
            long parameters = 0;
            for (NDArray a : model.model().parameters().all()) {
                deviceBytes += a.size() * a.getDataType().getNumOfBytes();
                parameters += a.size();
            }
            System.out.printf("folder            %s%n", dir);
            System.out.printf("weight files      %.3f GB (%s)%n", weightFileBytes(dir) / 1e9, weightFiles(dir));
            System.out.printf("parameters        %d (stored %s, computing in %s)%n", parameters,
                    model.info().config().get("stored_dtypes"), model.model().dtype());
            System.out.printf("weights on device %.3f GB%n", deviceBytes / 1e9);
            System.out.printf("load time         %d ms%n", millis);
            System.out.printf("VmHWM baseline    %.3f GB (engine up, before the load)%n", baseline / 1e6);
            System.out.printf("VmHWM after load  %.3f GB (peak resident memory)%n", status("VmHWM") / 1e6);
            System.out.printf("VmRSS after load  %.3f GB%n", status("VmRSS") / 1e6);
        }
    }

    /** A /proc/self/status field in kB (1000 bytes here: the kernel's "kB" are KiB, converted below). */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                long kib = Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                return kib * 1024 / 1000;
            }
        }
        throw new IOException("/proc/self/status has no " + field + " (not Linux?)");
    }

    private static List<Path> weightPaths(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".safetensors") || n.endsWith(".bin");
            }).sorted().toList();
        }
    }

    private static long weightFileBytes(Path dir) throws IOException {
        long n = 0;
        for (Path p : weightPaths(dir)) {
            n += Files.size(p);
        }
        return n;
    }

    private static String weightFiles(Path dir) throws IOException {
        return String.join(", ", weightPaths(dir).stream().map(p -> p.getFileName().toString()).toList());
    }
}
