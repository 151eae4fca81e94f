package dev.jacobilens.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * GPU names and memory from nvidia-smi: DJL's CUDA utilities report memory and compute
 * capability but not names. Without nvidia-smi the list is empty and callers fall back to DJL.
 */
final class GpuQuery {
    record Gpu(String name, long memoryBytes) {
    }

    private GpuQuery() {
    }

    static List<Gpu> nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return parse(out);
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Lines "NVIDIA H200, 143771" (MiB); anything else yields an empty list. */
    static List<Gpu> parse(String csv) {
        List<Gpu> out = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma < 0) {
                return List.of();
            }
            try {
                long mib = Long.parseLong(line.substring(comma + 1).trim());
                out.add(new Gpu(line.substring(0, comma).trim(), mib * 1024 * 1024));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return out;
    }
}
