package dev.jacobilens.app.files;

import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;

import java.io.IOException;
import java.nio.file.Path;

/** Recording files in the trajectory store's format (JSON, gzip for names ending in .gz). */
public final class StoreRecordingIo implements RecordingIo {

    @Override
    public OpenedFile open(Path file) throws IOException {
        RecordingFile content;
        try {
            content = RecordingFiles.read(file);
        } catch (IllegalArgumentException invalid) {
            // The records' own checks (e.g. a block whose states disagree in size).
            throw new IOException(file.getFileName() + " is a damaged recording: " + invalid.getMessage(), invalid);
        }
        if (content instanceof RecordingFile.OfComparison c) {
            return new OpenedFile(c.comparison(), null);
        }
        return new OpenedFile(null, ((RecordingFile.OfRecording) content).recording());
    }

    @Override
    public void save(Path file, Comparison comparison) throws IOException {
        RecordingFiles.write(file, comparison);
    }

    @Override
    public void save(Path file, Recording recording) throws IOException {
        RecordingFiles.write(file, recording);
    }
}
