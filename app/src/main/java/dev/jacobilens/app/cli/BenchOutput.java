package dev.jacobilens.app.cli;

import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.OutputLock;
import dev.jacobilens.store.OutputTargets;
import dev.jacobilens.store.RecordingFiles;
import dev.jacobilens.store.StagedOutputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bench --out DIR}: claimed before anything is measured (a second bench on the same folder
 * is refused, and a folder, FIFO or unwritable place is found before minutes of decoding, not
 * after), written all at once at the end (the tables and recordings are staged and moved in
 * together, so a full disk leaves the earlier files as they were), and recordings of an earlier
 * run that this one did not write are removed, so the folder never mixes two runs.
 */
final class BenchOutput implements AutoCloseable {
    /** The names bench gives its recordings; only these are ever removed. */
    private static final Pattern RECORDING = Pattern.compile("(problem|lookahead)-\\d{3,}\\.json\\.gz");

    private final Path dir;
    private final OutputLock lock;

    private BenchOutput(Path dir, OutputLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** Claims {@code --out DIR} and checks its files can be written; null without --out. */
    static BenchOutput claim(String outDir, List<String> fileNames) throws IOException {
        if (outDir == null) {
            return null;
        }
        Path dir = Path.of(outDir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Args.UsageException("--out " + dir + ": not a folder (bench writes a folder of tables and"
                    + " recordings)");
        }
        Files.createDirectories(dir.resolve("recordings"));
        OutputLock lock = OutputLock.acquire(dir.resolve(".jacobi-lens.lock"), dir);
        try {
            for (String name : fileNames) {
                OutputTargets.resolve(dir.resolve(name)); // a folder or FIFO in the way is refused now
            }
            return new BenchOutput(dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    /** Writes the tables and the recordings together, then removes stale recordings. */
    void write(Map<String, String> tables, Map<String, Comparison> recordings) throws IOException {
        write(tables, recordings, true);
    }

    /**
     * As {@link #write(Map, Map)}; {@code measured} false (a table printed again with --from, which
     * has no recordings of its own) leaves the recordings in the folder alone.
     */
    void write(Map<String, String> tables, Map<String, Comparison> recordings, boolean measured) throws IOException {
        Set<Path> written = new HashSet<>();
        try (StagedOutputs staged = new StagedOutputs()) {
            for (Map.Entry<String, Comparison> e : recordings.entrySet()) {
                Path file = dir.resolve("recordings").resolve(e.getKey());
                staged.add(file, RecordingFiles.writer(e.getValue()));
                written.add(file.toAbsolutePath().normalize());
            }
            for (Map.Entry<String, String> e : tables.entrySet()) {
                staged.addText(dir.resolve(e.getKey()), e.getValue());
            }
            staged.commit();
        }
        if (!measured) {
            return;
        }
        try (Stream<Path> files = Files.list(dir.resolve("recordings"))) {
            for (Path f : files.toList()) {
                if (RECORDING.matcher(f.getFileName().toString()).matches()
                        && !written.contains(f.toAbsolutePath().normalize())) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Override
    public void close() {
        lock.close();
    }
}
