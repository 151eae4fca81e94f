package dev.jacobilens.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Several outputs replaced together: each is written in full to a temporary file beside its
 * target and flushed to disk, and only when every one has been written are they all moved over
 * their targets. A write that fails (a full disk, a folder where a file should be) leaves every
 * target as it was, so a table is never replaced when its companion files cannot be written.
 * Closing without {@link #commit()} deletes the temporary files.
 */
public final class StagedOutputs implements AutoCloseable {
    /** target as given -> (real target, temporary file) */
    private final Map<Path, Path[]> staged = new LinkedHashMap<>();

    /** Writes {@code target}'s new content to a temporary file (gzip for {@code .gz}). */
    public void add(Path target, AtomicFiles.Writer writer) throws IOException {
        Path real = OutputTargets.resolve(target);
        if (staged.containsKey(target)) {
            throw new OutputFileException(target, "is written twice in one run");
        }
        Path temp = OutputTargets.createTemp(target, real);
        staged.put(target, new Path[] {real, temp});
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            OutputStream guarded = new java.io.FilterOutputStream(raw) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // a writer that closes its stream must not close the channel before force()
                }
            };
            if (AtomicFiles.isGzip(target)) {
                GZIPOutputStream gzip = new GZIPOutputStream(guarded, 1 << 16);
                writer.write(new java.io.FilterOutputStream(gzip) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                gzip.finish();
            } else {
                writer.write(guarded);
            }
            raw.flush();
            channel.force(true);
        } catch (IOException e) {
            throw OutputTargets.writeFailed(target, e);
        }
    }

    /** Text in UTF-8. */
    public void addText(Path target, String text) throws IOException {
        add(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Moves every staged file over its target, in the order added. */
    public List<Path> commit() throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, Path[]> e : staged.entrySet()) {
            Path real = e.getValue()[0];
            Path temp = e.getValue()[1];
            OutputTargets.copyPermissions(real, temp);
            try {
                Files.move(temp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ex) {
                throw new OutputFileException(e.getKey(), "cannot be replaced (" + OutputTargets.reason(ex) + ")", ex);
            }
            written.add(e.getKey());
        }
        staged.clear();
        return written;
    }

    @Override
    public void close() throws IOException {
        for (Path[] p : staged.values()) {
            Files.deleteIfExists(p[1]);
        }
        staged.clear();
    }
}
