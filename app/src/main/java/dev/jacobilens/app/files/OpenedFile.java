package dev.jacobilens.app.files;

import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;

/** What a file held: a comparison of two runs, or one run. Exactly one is non-null. */
public record OpenedFile(Comparison comparison, Recording recording) {
    public OpenedFile {
        if ((comparison == null) == (recording == null)) {
            throw new IllegalArgumentException("exactly one of comparison and recording");
        }
    }
}
