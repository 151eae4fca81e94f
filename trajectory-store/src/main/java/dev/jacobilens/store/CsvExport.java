package dev.jacobilens.store;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-pass metrics as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas,
 * quotes or line breaks quoted with doubled quotes), one row per pass of every block, for
 * spreadsheets and plots. Columns:
 * <ul>
 * <li>{@code source}: the file the recording came from; {@code role}: "standard" or
 *     "consistency" within a comparison, empty for a lone recording; {@code model}: model name;
 * <li>{@code block} (from 1), {@code iteration} (pass within the block, from 1), {@code accepted},
 *     {@code accepted_total}, {@code stationary}, {@code correct}: as {@link IterationMetrics},
 *     counting output positions only (tokens after the EOS are no output, see {@link Metrics});
 * <li>{@code wall_ms}: the pass's wall time in milliseconds (0 for imported data);
 * <li>{@code cumulative_tokens}: output tokens the recording has accepted up to this pass;
 *     {@code cumulative_passes}: forward passes up to this one, the prompt pass (pass 1)
 *     included, i.e. this pass's number as {@link Metrics#passNumber} gives it.
 * <li>{@code method}: the decoding method and its parameters ({@link dev.jacobilens.store.method.DecodeMethod#spec()}, e.g. "jacobi block_size=16").
 * </ul>
 */
public final class CsvExport {
    public static final List<String> COLUMNS = List.of("source", "role", "model", "block", "iteration", "accepted",
            "accepted_total", "stationary", "correct", "wall_ms", "cumulative_tokens", "cumulative_passes", "method");

    /** A recording to export and how to label it. */
    public record Source(String source, String role, Recording recording) {
    }

    private CsvExport() {
    }

    /** The labelled recordings of a file: one, or a comparison's two. */
    public static List<Source> sources(String source, RecordingFile file) {
        if (file instanceof RecordingFile.OfComparison c) {
            return List.of(new Source(source, "standard", c.comparison().standard()),
                    new Source(source, "consistency", c.comparison().consistency()));
        }
        return List.of(new Source(source, "", file.recordings().get(0)));
    }

    /** Writes the CSV to {@code out} atomically (gzip when it ends with {@code .gz}). */
    public static void write(Path out, List<Source> sources) throws IOException {
        AtomicFiles.write(out, stream -> {
            Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            write(writer, sources);
            writer.flush();
        });
    }

    public static void write(Writer out, List<Source> sources) throws IOException {
        row(out, COLUMNS);
        for (Source s : sources) {
            int tokens = 0;
            int passes = 1; // the prompt pass
            for (BlockMetrics block : Metrics.blocks(s.recording())) {
                for (IterationMetrics m : block.perPass()) {
                    tokens += m.accepted();
                    passes++;
                    row(out, List.of(s.source(), s.role(), s.recording().model().name(),
                            Integer.toString(m.block()), Integer.toString(m.iteration()),
                            Integer.toString(m.accepted()), Integer.toString(m.acceptedTotal()),
                            Integer.toString(m.stationary()), Integer.toString(m.correct()),
                            String.format(Locale.ROOT, "%.3f", m.wallNanos() / 1e6),
                            Integer.toString(tokens), Integer.toString(passes),
                            s.recording().settings().method().spec()));
                }
            }
        }
    }

    private static void row(Writer out, List<String> fields) throws IOException {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String f : fields) {
            quoted.add(quote(f));
        }
        out.write(String.join(",", quoted));
        out.write("\r\n");
    }

    /** RFC 4180 quoting: only when needed, doubling inner quotes. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
