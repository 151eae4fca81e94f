package dev.jacobilens.store;

import java.util.List;

/** What a recording file held: one recording, or a comparison of two. */
public sealed interface RecordingFile {
    /** The file's {@code kind} field. */
    String kind();

    /** The recordings it holds, in file order (a comparison: standard, then consistency). */
    List<Recording> recordings();

    record OfRecording(Recording recording) implements RecordingFile {
        public static final String KIND = "recording";

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public List<Recording> recordings() {
            return List.of(recording);
        }
    }

    record OfComparison(Comparison comparison) implements RecordingFile {
        public static final String KIND = "comparison";

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public List<Recording> recordings() {
            return List.of(comparison.standard(), comparison.consistency());
        }
    }
}
