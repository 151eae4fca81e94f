package dev.jacobilens.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Claims an output for one writer: an OS lock on a lock file beside (or inside) it, held while
 * a command writes. A second command on the same output is refused by name instead of writing
 * every record twice or two runs into one checkpoint. The lock dies with its process, so a
 * killed run never leaves a stale claim. The (empty but for a process id) file is left in place:
 * deleting it would let a run that opened it just before lock a file no one else can see.
 */
public final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code lockFile} for {@code output}.
     *
     * @throws OutputFileException another process (or another run in this one) holds it
     */
    public static OutputLock acquire(Path lockFile, Path output) throws OutputFileException {
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        } catch (IOException e) {
            throw new OutputFileException(output, "cannot create its lock file " + lockFile + " ("
                    + OutputTargets.reason(e) + ")", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new OutputFileException(output, "another jacobi-lens run is writing it"
                        + (holder.isEmpty() ? "" : " (process " + holder + ")") + "; wait for it to finish,"
                        + " stop it, or choose another output");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new OutputLock(lockFile, channel, lock);
        } catch (OutputFileException e) {
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new OutputFileException(output, "cannot lock " + lockFile + " (" + OutputTargets.reason(e)
                    + ")", e);
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = channel.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
