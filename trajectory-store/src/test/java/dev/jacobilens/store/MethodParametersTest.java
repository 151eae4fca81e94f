package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording keeps its method's parameters; files written before they existed still load. */
class MethodParametersTest {
    @TempDir
    Path dir;

    private static Recording withSettings(DecodeSettings settings) {
        Recording r = Trajectories.jacobiRecording();
        return new Recording(r.model(), settings, r.promptText(), r.promptIds(), r.prefillNanos(), r.blocks(),
                r.outputIds(), r.outputText(), r.stopReason(), r.tokenStrings(), r.elapsedNanos(), r.createdAt());
    }

    @Test
    void parametersAndDraftPassesRoundTrip() throws IOException {
        DecodeSettings s = new DecodeSettings(DecodeSettings.SPECULATIVE, 5, 7, 16, "cpu",
                Map.of("draft_model", "draft", "draft_tokens", "4", DecodeSettings.DRAFT_PASSES, "13"));
        Recording original = withSettings(s);
        Path file = dir.resolve("spec.json");
        RecordingFiles.write(file, original);
        Recording read = RecordingFiles.readRecording(file);
        assertEquals(original, read);
        assertEquals(13, read.settings().draftPasses());
        assertTrue(Files.readString(file).contains("\"draft_passes\" : \"13\""));
    }

    @Test
    void oldFilesWithoutParametersLoadWithNone() throws IOException {
        Path file = Files.writeString(dir.resolve("old.json"), RecordingFilesTest.resource("golden/recording-v1.json"));
        Recording read = RecordingFiles.readRecording(file);
        assertEquals(Map.of(), read.settings().parameters());
        assertEquals(0, read.settings().draftPasses());
        assertEquals("jacobi n=5", read.settings().describe());
    }

    @Test
    void settingsStayStrict() throws IOException {
        String golden = RecordingFilesTest.resource("golden/recording-v1.json");
        Path noSeed = Files.writeString(dir.resolve("noseed.json"), golden.replaceFirst("\"seed\" : 7,", ""));
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(noSeed));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
        Path numeric = Files.writeString(dir.resolve("numeric.json"),
                golden.replaceFirst("\"seed\" : 7,", "\"seed\" : 7, \"parameters\" : [\"window\", 8],"));
        e = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(numeric));
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());
    }

    @Test
    void describeNamesTheMethodAndItsParameters() {
        DecodeSettings s = new DecodeSettings(DecodeSettings.LOOKAHEAD, 1, 0, 8, "cpu",
                Map.of("window", "8", "ngram", "6", "guesses", "8"));
        assertEquals("lookahead n=1 guesses=8 ngram=6 window=8", s.describe());
        assertEquals("lookahead n=1 draft_passes=3 guesses=8 ngram=6 window=8", s.with("draft_passes", "3").describe());
    }
}
