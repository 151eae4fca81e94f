package dev.jacobilens.app.cli;

import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.engine.bench.PairBenchmark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOutputTest {

    @Test
    void markdownSaysSpeedupsInWordsAndNamesNoAbsolutePath() {
        PairBenchmark.Result r = new PairBenchmark.Result("cpu", 2, 16, List.of(
                new PairBenchmark.Row("standard", Autoregressive.INSTANCE, 1.0, 120, 118, 0.2, 1.0, 1.0, 1.5, 0.1),
                new PairBenchmark.Row("standard", Jacobi.DEFAULT, 1.0, 122, 118, 0.3, 120.0 / 122, 0.2 / 0.3, 1.5, 0.1),
                new PairBenchmark.Row("consistency", Jacobi.DEFAULT, 1.0, 26, 118, 0.08, 120.0 / 26, 2.5, 1.7, 0.2)), List.of());
        String md = BenchCommand.markdown(r, Home.dir().resolve("assets/corpus/test.jsonl"));
        assertTrue(md.startsWith("2 prompts from assets/corpus/test.jsonl, block size 16, device cpu"), md);
        assertTrue(md.contains("| standard | ar | 100.0% | 120 | 0.983 | 590.0 | same passes | same speed |"), md);
        assertTrue(md.contains("| 1.02× more passes | 1.5× slower |"), md);
        assertTrue(md.contains("| 4.6× fewer passes | 2.5× faster |"), md);
        String outside = BenchCommand.markdown(r, Path.of("/elsewhere/problems.jsonl"));
        assertTrue(outside.startsWith("2 prompts from problems.jsonl,"), outside);
    }
}
