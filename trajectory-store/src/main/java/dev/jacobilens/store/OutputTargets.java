package dev.jacobilens.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an atomic write really lands, and the checks before it: links are followed to their
 * target, only regular files may be replaced, and the folder must exist and be writable. Kept
 * apart from {@link AtomicFiles} so every writer that replaces a file can share it.
 */
public final class OutputTargets {
    private static final int LINK_LIMIT = 40;

    private OutputTargets() {
    }

    /**
     * The path to replace: {@code target} with symbolic links followed (a dangling link names a
     * file to create). Refuses folders, FIFOs, devices and sockets, and a missing folder.
     */
    public static Path resolve(Path target) throws OutputFileException {
        Path p = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == LINK_LIMIT) {
                throw new OutputFileException(target, "too many levels of symbolic links");
            }
            try {
                Path link = Files.readSymbolicLink(p);
                p = p.resolveSibling(link).normalize();
            } catch (IOException e) {
                throw new OutputFileException(target, "cannot read the symbolic link (" + reason(e) + ")", e);
            }
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputFileException(target, "is a folder; give a file name");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputFileException(target, "is not a regular file (a FIFO, device or socket);"
                    + " refusing to replace it");
        }
        Path dir = p.getParent();
        if (dir == null) {
            throw new OutputFileException(target, "is not a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new OutputFileException(target, "its folder " + dir + " does not exist");
        }
        return p;
    }

    /**
     * Creates an empty temporary file beside {@code real}. Opened without explicit permissions,
     * so it gets the mode the umask gives any new file (usually 0644), not 0600 as
     * {@code Files.createTempFile} would.
     */
    static Path createTemp(Path target, Path real) throws OutputFileException {
        for (int attempt = 0; ; attempt++) {
            Path temp = real.resolveSibling("." + real.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw new OutputFileException(target, "cannot create a temporary file beside it", taken);
                }
            } catch (IOException e) {
                throw new OutputFileException(target, "cannot write in its folder " + real.getParent()
                        + " (" + reason(e) + ")", e);
            }
        }
    }

    /** Gives the new content the permissions of the file it replaces, where there is one. */
    static void copyPermissions(Path real, Path temp) throws IOException {
        if (!Files.isRegularFile(real)) {
            return;
        }
        PosixFileAttributeView from = Files.getFileAttributeView(real, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (from == null || to == null) {
            return; // not a POSIX file system: nothing comparable to keep
        }
        Set<PosixFilePermission> permissions = from.readAttributes().permissions();
        to.setPermissions(permissions);
    }

    /** A write that failed part-way (a full disk, say), worded for the user. */
    static OutputFileException writeFailed(Path target, IOException e) {
        if (e instanceof OutputFileException o) {
            return o;
        }
        return new OutputFileException(target, "writing failed (" + reason(e) + "); the file was left as it was", e);
    }

    /** The reason of an I/O error without its class name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
