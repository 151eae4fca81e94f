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
import java.util.zip.GZIPOutputStream;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: the content goes to a temporary file in the target's directory (same file
 * system, so the move can be atomic), is flushed to disk, and is then moved over the target.
 * If anything fails the temporary file is deleted and the target is left as it was.
 */
public final class AtomicFiles {
    /** Writes content to a stream; may fail with an I/O error. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** True when the name asks for gzip compression ({@code .gz}). */
    public static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * Writes {@code target} atomically, gzip-compressed when its name ends with {@code .gz}.
     * A symbolic link is followed, so the file it points to is replaced and the link stays. An
     * existing file keeps its permissions; a new one gets the usual mode for the umask. Targets
     * that are not regular files (folders, FIFOs, devices) are refused rather than replaced.
     *
     * @throws OutputFileException the target cannot be written; the message names it and why
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path real = OutputTargets.resolve(target);
        Path temp = OutputTargets.createTemp(target, real);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // Never close these streams: closing would close the channel before force().
                OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                if (isGzip(target)) {
                    GZIPOutputStream gzip = new GZIPOutputStream(raw, 1 << 16);
                    writer.write(new NonClosing(gzip));
                    gzip.finish();
                } else {
                    writer.write(new NonClosing(raw));
                }
                raw.flush();
                channel.force(true);
            } catch (IOException e) {
                throw OutputTargets.writeFailed(target, e);
            }
            OutputTargets.copyPermissions(real, temp);
            Files.move(temp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Lets a writer close what it wraps (e.g. a JSON generator) without ending the file early. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
