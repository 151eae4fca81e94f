package dev.jacobilens.app.cli;

import dev.jacobilens.engine.model.RandomCheckpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code random-checkpoint}: a checkpoint of a published model's shape with random weights
 * (TinyLlama-1.1B in float16 is 2.2 GB), for {@code bench-load} and {@code bench-forward} at
 * scale. Its outputs are noise; only its size and shape are real.
 */
final class RandomCheckpointCommand implements Command {
    static final String USAGE = "usage: jacobi-lens random-checkpoint --out DIR [--preset tinyllama-1.1b|qwen2.5-0.5b|qwen2.5-7b]"
            + " [--dtype F16|BF16|F32] [--shard-mb N] [--seed S]";

    @Override
    public String name() {
        return "random-checkpoint";
    }

    @Override
    public String summary() {
        return "write a random-weight checkpoint of a real model's shape (for load and pass benchmarks)";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = new Args(argv, Set.of("out", "preset", "dtype", "shard-mb", "seed"), Set.of("help"));
        if (args.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path dir = Path.of(args.required("out"));
        RandomCheckpoint.Preset preset = RandomCheckpoint.Preset.named(args.string("preset", "tinyllama-1.1b"));
        String dtype = args.choice("dtype", "F16", "F16", "BF16", "F32");
        long shard = args.integer("shard-mb", 2000, 1) * 1_000_000L;
        long seed = args.longValue("seed", 1);
        long start = System.nanoTime();
        long bytes = RandomCheckpoint.write(dir, preset, dtype, shard, seed);
        out.printf("wrote %s: %s in %s, %,d bytes of weights, in %.1f s%n", dir, preset.label(), dtype, bytes,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
