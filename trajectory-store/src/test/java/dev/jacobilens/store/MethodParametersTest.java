package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.Lookahead;
import dev.jacobilens.store.method.Speculative;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording keeps its method and parameters in the files' old layout; older files still load. */
class MethodParametersTest {
    @TempDir
    Path dir;

    static Recording withSettings(DecodeSettings settings) {
        Recording r = Trajectories.jacobiRecording();
        return new Recording(r.model(), settings, r.promptText(), r.promptIds(), r.prefillNanos(), r.blocks(),
                r.outputIds(), r.outputText(), r.stopReason(), r.tokenStrings(), r.elapsedNanos(), r.createdAt());
    }

    @Test
    void everyMethodRoundTripsInTheStrategyLayout() throws IOException {
        for (DecodeSettings s : new DecodeSettings[] {
                new DecodeSettings(Autoregressive.INSTANCE, 5, 16, "cpu"),
                new DecodeSettings(new Jacobi(7, 3), 5, 16, "cpu"),
                new DecodeSettings(new Lookahead(8, 4, 2, false), 5, 16, "cpu"),
                new DecodeSettings(new Speculative(3), 5, 16, "cpu").withDraft("draft", 13)}) {
            Recording original = withSettings(s);
            Path file = dir.resolve(s.method().id() + ".json");
            RecordingFiles.write(file, original);
            assertEquals(original, RecordingFiles.readRecording(file));
            String text = Files.readString(file);
            assertTrue(text.contains("\"strategy\" : \"" + s.method().id() + "\""), text);
        }
        String spec = Files.readString(dir.resolve("speculative.json"));
        assertTrue(spec.contains("\"draft_passes\" : \"13\"") && spec.contains("\"draft_tokens\" : \"3\"")
                && spec.contains("\"block_size\" : 1"), spec);
        String jacobi = Files.readString(dir.resolve("jacobi.json"));
        assertTrue(jacobi.contains("\"block_size\" : 7") && jacobi.contains("\"pool_ngram\" : \"3\""), jacobi);
    }

    @Test
    void plainJacobiAndArAreWrittenWithoutParameters() throws IOException {
        Path file = dir.resolve("plain.json");
        RecordingFiles.write(file, withSettings(new DecodeSettings(Jacobi.of(5), 7, 16, "cpu")));
        assertTrue(!Files.readString(file).contains("\"parameters\""), Files.readString(file));
    }

    @Test
    void oldFilesWithoutParametersLoadWithTheDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("old.json"), RecordingFilesTest.resource("golden/recording-v1.json"));
        Recording read = RecordingFiles.readRecording(file);
        assertEquals(Jacobi.of(5), read.settings().method());
        assertEquals(0, read.settings().draftPasses());
        assertNull(read.settings().draftModel());
        assertTrue(read.passCandidates().isEmpty());
    }

    /**
     * Lookahead and speculative files as written before recordings kept pass candidates (the
     * settings block exactly as that code wrote it): they load with their parameters and no candidates.
     */
    @Test
    void lookaheadAndSpeculativeFilesFromBeforeCandidatesLoad() throws IOException {
        Path la = Files.writeString(dir.resolve("la.json"),
                RecordingFilesTest.resource("golden/lookahead-before-candidates.json"));
        Recording read = RecordingFiles.readRecording(la);
        assertEquals(new Lookahead(8, 6, 8, false), read.settings().method());
        assertTrue(read.passCandidates().isEmpty());
        Path sp = Files.writeString(dir.resolve("sp.json"),
                RecordingFilesTest.resource("golden/speculative-before-candidates.json"));
        read = RecordingFiles.readRecording(sp);
        assertEquals(new Speculative(4), read.settings().method());
        assertEquals("draft", read.settings().draftModel());
        assertEquals(13, read.settings().draftPasses());
        // written again, the settings block is the one it was read from
        Path again = dir.resolve("again.json");
        RecordingFiles.write(again, read);
        assertEquals(RecordingFiles.readRecording(again), read);
        assertTrue(Files.readString(again).contains("\"draft_tokens\" : \"4\""), Files.readString(again));
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

    /** The golden file with one replacement made, read: the message of the error it must give. */
    private String refusal(String from, String to) throws IOException {
        String golden = RecordingFilesTest.resource("golden/recording-v1.json");
        assertTrue(golden.contains(from), from);
        Path file = Files.writeString(dir.resolve("changed.json"), golden.replace(from, to));
        return assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(file)).getMessage();
    }

    @Test
    void unknownMethodsAndOutOfRangeParametersAreNamed() throws IOException {
        String e = refusal("\"strategy\" : \"jacobi\"", "\"strategy\" : \"beam\"");
        assertTrue(e.contains("unknown method 'beam'") && e.contains("settings"), e);
        e = refusal("\"block_size\" : 5", "\"block_size\" : 0");
        assertTrue(e.contains("--block-size") && e.contains("1 to 512"), e);
        e = refusal("\"strategy\" : \"jacobi\",", "\"strategy\" : \"lookahead\", \"parameters\" : {\"window\" : \"99\"},");
        assertTrue(e.contains("--window") && e.contains("1 to 64, got 99"), e);
    }

    @Test
    void badStopReasonsAreNamed() throws IOException {
        String e = refusal("\"stop_reason\" : \"eos\"", "\"stop_reason\" : \"tired\"");
        assertTrue(e.contains("stop_reason") && e.contains("tired"), e);
    }

    @Test
    void describeNamesTheMethodAndItsParameters() {
        assertEquals("lookahead W=8 N=6 G=8", new DecodeSettings(new Lookahead(8, 6, 8, true), 0, 8, "cpu").describe());
        assertEquals("speculative k=4 with draft model draft",
                new DecodeSettings(Speculative.DEFAULT, 0, 8, "cpu").withDraft("draft", 3).describe());
        assertEquals("Jacobi n = 16, pool 3-grams", new Jacobi(16, 3).describe());
    }
}
