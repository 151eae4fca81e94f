package dev.jacobilens.app.files;

import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading and writing recordings and comparisons. An interface so that the app can switch to
 * the trajectory store's file format in one place.
 */
public interface RecordingIo {

    /**
     * @throws IOException with a message naming the file and what is wrong with it
     */
    OpenedFile open(Path file) throws IOException;

    void save(Path file, Comparison comparison) throws IOException;

    void save(Path file, Recording recording) throws IOException;
}
