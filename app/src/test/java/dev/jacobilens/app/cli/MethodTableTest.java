package dev.jacobilens.app.cli;

import dev.jacobilens.store.method.DecodeMethod;

import dev.jacobilens.engine.bench.MethodBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The method table's derived columns, checked against figures worked out by hand. */
class MethodTableTest {
    @TempDir
    Path tmp;

    private static MethodBenchmark.Row row(String model, String method, long passes, long draftPasses, long tokens,
                                           double seconds, long accepted, long proposed) {
        DecodeMethod m = DecodeMethod.byId(method);
        String key = m.usesDraftModel() ? method : model + "-" + method;
        return new MethodBenchmark.Row(key, model, m, "", 0.5, passes, draftPasses, tokens, seconds, accepted,
                proposed, m.usesDraftModel() ? 427_904 : 0, List.of());
    }

    @Test
    void speedupsAndAcceptanceAreAgainstStandardAr() {
        // AR: 100 passes for 99 tokens in 2 s. Speculative: 40 passes for 99 tokens in 1 s,
        // 160 draft passes of which 2 problems' prompt passes: 158 proposals, 59 accepted.
        MethodBenchmark.Result r = new MethodBenchmark.Result("cpu()", 2, List.of(
                row("standard", "ar", 100, 0, 99, 2.0, 0, 0),
                row("draft + standard", "speculative", 40, 160, 99, 1.0, 59, 158)));
        MethodBenchmark.Row spec = r.rows().get(1);
        assertEquals(2.5, r.speedupPasses(spec), 1e-9);
        assertEquals(2.0, r.speedupWall(spec), 1e-9);
        assertEquals(59 / 158.0, spec.draftAcceptance(), 1e-9);
        String md = MethodTable.markdown(r, Path.of("p.jsonl"));
        assertTrue(md.contains("| draft + standard | speculative |  | +427.9K | 50.0% | 40 | 160 | 2.475 | 99.0 | 2.5× fewer passes | 2.0× faster | 37.3% |"),
                md);
        assertTrue(md.contains("| standard | ar |  |  | 50.0% | 100 | 0 | 0.990 | 49.5 | same passes | same speed |  |"), md);
    }

    @Test
    void tablesMeasuredInPartsMergeInTableOrder() throws Exception {
        MethodBenchmark.Result first = new MethodBenchmark.Result("cpu()", 2, List.of(
                row("consistency", "jacobi", 30, 0, 99, 0.5, 0, 0)));
        Path file = tmp.resolve("part.json");
        Files.writeString(file, MethodTable.json(first).toString());
        MethodBenchmark.Result second = new MethodBenchmark.Result("cpu()", 2, List.of(
                row("standard", "ar", 100, 0, 99, 2.0, 0, 0)));
        MethodBenchmark.Result merged = MethodTable.merge(MethodTable.read(file, "--append"), second, SILENT);
        assertEquals(List.of("standard-ar", "consistency-jacobi"),
                merged.rows().stream().map(MethodBenchmark.Row::key).toList());
        assertEquals(100.0 / 30, merged.speedupPasses(merged.rows().get(1)), 1e-9);
        MethodBenchmark.Result other = new MethodBenchmark.Result("cpu()", 3, List.of());
        assertThrows(Args.UsageException.class, () -> MethodTable.merge(MethodTable.read(file, "--append"), other, SILENT));
        Path junk = Files.writeString(tmp.resolve("junk.json"), "{\"x\": 1}");
        assertThrows(Args.UsageException.class, () -> MethodTable.read(junk, "--append"));
    }

    @Test
    void aRowMeasuredAgainReplacesTheEarlierOneInsteadOfAppearingTwice() {
        MethodBenchmark.Result first = new MethodBenchmark.Result("cpu()", 2, List.of(
                row("standard", "ar", 100, 0, 99, 2.0, 0, 0), row("consistency", "jacobi", 30, 0, 99, 0.5, 0, 0)));
        MethodBenchmark.Result again = new MethodBenchmark.Result("cpu()", 2, List.of(
                row("standard", "ar", 100, 0, 99, 1.5, 0, 0)));
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        MethodBenchmark.Result merged = MethodTable.merge(first, again, new java.io.PrintStream(said, true));
        assertEquals(2, merged.rows().size());
        assertEquals(1.5, merged.rows().get(0).seconds(), 1e-9);
        assertTrue(said.toString().contains("measured again"), said.toString());
    }

    @Test
    void errorsNameTheOptionTheFileCameFromAndAFifoIsNotOpened() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.json"), "{\"x\": 1}");
        String msg = assertThrows(Args.UsageException.class, () -> MethodTable.read(junk, "--from")).getMessage();
        assertTrue(msg.startsWith("--from: ") && !msg.contains("--append"), msg);
        Path fifo = tmp.resolve("fifo.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        msg = assertThrows(Args.UsageException.class, () -> MethodTable.read(fifo, "--append")).getMessage();
        assertTrue(msg.contains(fifo + ": is not a regular file"), msg);
    }

    private static final java.io.PrintStream SILENT = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
}
