package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import dev.jacobilens.store.method.MultiBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-block recording keeps every block in flight and the recycled n-grams, and its figures count them. */
class MultiBlockRecordingTest {
    @TempDir
    Path dir;

    /**
     * Trajectories.jacobiRecording's blocks (block 1: 4 passes, block 2: 1 pass; passes 2..6) with
     * the multi-block detail a live run would give: pass 2 carries block 2 in flight; pass 3
     * carries it and used a recycled n-gram that accepted 2 tokens after the current one; pass 4
     * carries nothing; pass 5 carries blocks 2 and 3 and an unused n-gram.
     */
    static Recording multiBlockRecording() {
        Recording r = Trajectories.jacobiRecording();
        List<PassCandidates> passes = List.of(
                new PassCandidates(2, List.of(block(1, 4, 0, 15, 16, 7, 40, 41), after(0, 4, 16, 2, 7, 40, 9)),
                        Map.of(PassCandidates.POOL_SIZE, 0)),
                new PassCandidates(3, List.of(block(1, 3, 2, 16, 2, 7, 40, 9), after(0, 3, 15, 16, 2, 40, 41),
                        new Candidate(Role.NGRAM, new int[] {11, 12, 13}, 0, 3),
                        new Candidate(Role.NGRAM, new int[] {11, 30, 31}, 0, 1)), Map.of(PassCandidates.POOL_SIZE, 9)),
                new PassCandidates(5, List.of(block(1, 1, 5, 15, 16, 2, 40, 41), after(0, 1, 15, 16, 2, 40, 41),
                        block(2, 6, 0, 1, 1, 1, 1, 1), after(2, 6, 41, 1, 1, 1, 1),
                        new Candidate(Role.NGRAM, new int[] {14, 3}, 0, 1)), Map.of(PassCandidates.POOL_SIZE, 12)));
        return new Recording(r.model(), r.settings().withMethod(new MultiBlock(5, 3, 40, true, 3, 2)), r.promptText(),
                r.promptIds(), r.prefillNanos(), r.blocks(), r.outputIds(), r.outputText(), r.stopReason(),
                r.tokenStrings(), r.elapsedNanos(), r.createdAt(), passes);
    }

    private static Candidate block(int index, int offset, int stable, int... tokens) {
        return new Candidate(Role.BLOCK, tokens, offset, -1, 0,
                Map.of(PassCandidates.BLOCK, index, PassCandidates.STABLE, stable));
    }

    private static Candidate after(int parent, int offset, int... tokens) {
        return new Candidate(Role.BLOCK_AFTER, tokens, offset, parent, 0, Map.of());
    }

    @Test
    void roundTripsWithItsMethodAndBlocksInFlight() throws IOException {
        Recording original = multiBlockRecording();
        Path file = dir.resolve("mb.json");
        RecordingFiles.write(file, original);
        Recording read = RecordingFiles.readRecording(file);
        assertEquals(original, read);
        assertEquals(new MultiBlock(5, 3, 40, true, 3, 2), read.settings().method());
        String text = Files.readString(file);
        assertTrue(text.contains("\"strategy\" : \"multiblock\"") && text.contains("\"role\" : \"block_after\""), text);
    }

    /** Counted by hand from the recording above. */
    @Test
    void blocksInFlightAndRecycledTokensAreCountedOnce() {
        Recording r = multiBlockRecording();
        assertEquals(2, Metrics.blocksInFlight(r.candidatesOf(2)));
        assertEquals(2, Metrics.blocksInFlight(r.candidatesOf(3)));
        assertEquals(1, Metrics.blocksInFlight(r.candidatesOf(4)), "a pass without detail refines its own block");
        assertEquals(3, Metrics.blocksInFlight(r.candidatesOf(5)));
        assertEquals(1, Metrics.blocksInFlight(r.candidatesOf(6)));
        assertEquals(0, Metrics.ngramTokensAccepted(r.candidatesOf(2)));
        assertEquals(2, Metrics.ngramTokensAccepted(r.candidatesOf(3)), "11 is the current token; 12 and 13 recycled");
        assertEquals(0, Metrics.ngramTokensAccepted(r.candidatesOf(5)), "an unused n-gram accepts only the current token");
        assertEquals(2, Metrics.ngramTokensAccepted(r));
        // passes 2..6: 2 + 2 + 1 + 3 + 1 blocks in flight over 5 block passes
        assertEquals(9 / 5.0, Metrics.meanBlocksInFlight(r), 1e-12);
        assertEquals(1.0, Metrics.meanBlocksInFlight(Trajectories.jacobiRecording()), 1e-12);
    }

    /** A block's state after the pass that does not follow its block (or differs in place or length) names the file. */
    @Test
    void aCorruptBlockInFlightIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("mb.json");
        RecordingFiles.write(file, multiBlockRecording());
        String text = Files.readString(file);
        String corrupt = text.replaceFirst("\"role\" : \"block\"", "\"role\" : \"ngram\"");
        Path bad = Files.writeString(dir.resolve("corrupt-mb.json"), corrupt);
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(bad));
        assertTrue(e.getMessage().contains("corrupt-mb.json") && e.getMessage().contains("same offset"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PassCandidates(2,
                List.of(block(1, 4, 0, 1, 2), after(0, 4, 1, 2, 3)), Map.of()), "lengths differ");
        assertThrows(IllegalArgumentException.class, () -> new PassCandidates(2,
                List.of(block(1, 4, 0, 1, 2), after(0, 3, 1, 2)), Map.of()), "offsets differ");
    }

    /** inspect shows both figures, as Metrics counts them. */
    @Test
    void inspectShowsBlocksInFlightAndRecycledTokens() throws IOException {
        Path file = dir.resolve("mb.json");
        RecordingFiles.write(file, multiBlockRecording());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, new dev.jacobilens.store.cli.InspectCommand().run(List.of(file.toString(), "--json"),
                print, print));
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1.8, j.get("blocks_in_flight_per_pass").asDouble(), 1e-12);
        assertEquals(2, j.get("ngram_tokens_accepted").asInt());
    }
}
