package dev.jacobilens.app.cli;

import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line for an error that reached the CLI, in words: the file or option and the problem,
 * never an exception's class name. Errors the code anticipated already carry such a message;
 * this covers what the JDK throws with a bare path or no message at all.
 */
final class UserMessages {
    private UserMessages() {
    }

    static String describe(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof NoSuchFileException f) {
            return path(f) + ": no such file or folder";
        }
        if (t instanceof AccessDeniedException f) {
            return path(f) + ": permission denied";
        }
        if (t instanceof NotDirectoryException f) {
            return path(f) + ": not a folder";
        }
        if (t instanceof FileAlreadyExistsException f) {
            return path(f) + ": already exists";
        }
        if (t instanceof DirectoryNotEmptyException f) {
            return path(f) + ": folder is not empty";
        }
        if (t instanceof FileSystemException f) {
            return path(f) + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
        }
        if (t instanceof CharacterCodingException) {
            return "a text file is not valid UTF-8";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more with JACOBI_LENS_JAVA_OPTS=-Xmx... (the launcher reads it; default -Xmx8g), or use smaller inputs";
        }
        if (t instanceof StackOverflowError) {
            return "input nested too deeply to process";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "internal error (" + where(t) + "); please report it with the command that caused it";
        }
        return message;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String path(FileSystemException f) {
        return f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile();
    }

    /** Where the error came from, as a source location rather than a class name. */
    private static String where(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? "no location" : trace[0].getFileName() + ":" + trace[0].getLineNumber();
    }
}
