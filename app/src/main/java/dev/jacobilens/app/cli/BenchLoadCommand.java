package dev.jacobilens.app.cli;

import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code bench-load}: how long a checkpoint takes to load and how much memory loading needs,
 * against the bytes the weights take in the engine. Peak resident memory is the kernel's
 * high-water mark of this process (VmHWM in /proc/self/status): the JVM, the PyTorch library,
 * the tokenizer, the model and whatever loading held at its peak.
 */
final class BenchLoadCommand implements Command {
    static final String USAGE = "usage: jacobi-lens bench-load --model DIR [--device auto|cpu|gpu|gpu:N]";

    @Override
    public String name() {
        return "bench-load";
    }

    @Override
    public String summary() {
        return "time loading a checkpoint and report peak resident memory against the weights' bytes";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = new Args(argv, Set.of("model", "device"), Set.of("help"));
        if (args.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path dir = Path.of(args.required("model"));
        String device = args.string("device", "auto");
        Models.resolveDevice(device); // starts the engine, so that its own memory is in the baseline
        long baseline = status("VmRSS");
        long start = System.nanoTime();
        try (LoadedModel model = Models.load(dir, device)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = status("VmHWM");
            long resident = status("VmRSS");
            long engineBytes = model.model().parameters().bytes();
            long fileBytes = weightFileBytes(dir);
            out.printf("model %s on %s, stored %s, computed in %s%n", dir, model.device(),
                    model.info().config().get("stored_dtypes"), model.model().dtype());
            out.printf("load seconds                 %10.2f%n", seconds);
            out.printf("weight files                 %,14d bytes%n", fileBytes);
            out.printf("weights in the engine        %,14d bytes%n", engineBytes);
            out.printf("resident before loading      %,14d bytes (JVM, PyTorch, no model)%n", baseline);
            out.printf("peak resident (VmHWM)        %,14d bytes%n", peak);
            out.printf("resident after loading       %,14d bytes (of it mapped files %,d, anonymous %,d)%n", resident,
                    status("RssFile"), status("RssAnon"));
            out.printf("peak resident / engine bytes %10.3f%n", peak / (double) engineBytes);
            out.printf("(peak - before) / engine     %10.3f%n", (peak - baseline) / (double) engineBytes);
            return 0;
        }
    }

    private static long weightFileBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    /** A /proc/self/status field in bytes (the kernel reports kB); -1 where there is no /proc. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
