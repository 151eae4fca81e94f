package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings keep what each pass verified, in a form a candidate tree fits too. */
class PassCandidatesTest {
    @TempDir
    Path dir;

    private static Recording withCandidates(List<PassCandidates> candidates) {
        Recording r = Trajectories.jacobiRecording();
        return new Recording(r.model(), r.settings(), r.promptText(), r.promptIds(), r.prefillNanos(), r.blocks(),
                r.outputIds(), r.outputText(), r.stopReason(), r.tokenStrings(), r.elapsedNanos(), r.createdAt(),
                candidates);
    }

    static PassCandidates tree(int pass) {
        // a root with two children, as a Medusa tree: head 0 rank 0, head 1 ranks 0 and 1
        return new PassCandidates(pass, List.of(
                new Candidate(Role.TREE, new int[] {11}, 1, -1, 1, Map.of("head", 0, "rank", 0)),
                new Candidate(Role.TREE, new int[] {12}, 2, 0, 1, Map.of("head", 1, "rank", 0)),
                new Candidate(Role.TREE, new int[] {40}, 2, 0, 0, Map.of("head", 1, "rank", 1))), Map.of());
    }

    @Test
    void candidatesRoundTripAndAreFoundByPass() throws IOException {
        PassCandidates draft = new PassCandidates(2, List.of(new Candidate(Role.DRAFT, new int[] {11, 12}, 1, 1),
                new Candidate(Role.PREDICTION, new int[] {11, 40, 41}, 1, 2)), Map.of(PassCandidates.DRAFT_PASSES, 2));
        Recording original = withCandidates(List.of(draft, tree(4)));
        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, original);
        Recording read = RecordingFiles.readRecording(file);
        assertEquals(original, read);
        assertEquals(tree(4), read.candidatesOf(4));
        assertNull(read.candidatesOf(3));
        assertEquals(2, read.candidatesOf(2).fact(PassCandidates.DRAFT_PASSES));
        assertTrue(Files.readString(file).contains("\"role\" : \"draft\""), Files.readString(file));
    }

    @Test
    void recordingsWithoutCandidatesAreWrittenAsBefore() throws IOException {
        Path file = dir.resolve("plain.json");
        RecordingFiles.write(file, Trajectories.jacobiRecording());
        assertTrue(!Files.readString(file).contains("pass_candidates"));
    }

    @Test
    void passesOutsideTheRecordingAndBadTreesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> withCandidates(List.of(tree(7))), "6 passes only");
        assertThrows(IllegalArgumentException.class, () -> withCandidates(List.of(tree(3), tree(3))));
        assertThrows(IllegalArgumentException.class, () -> new PassCandidates(1, List.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new PassCandidates(2,
                List.of(new Candidate(Role.TREE, new int[] {1}, 1, 0, 0, Map.of())), Map.of()), "its own parent");
        assertThrows(IllegalArgumentException.class, () -> new Candidate(Role.DRAFT, new int[] {1}, 1, 2));
    }

    @Test
    void aHostileRoleIsNamedWithItsPlace() throws IOException {
        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, withCandidates(List.of(tree(4))));
        Path bad = Files.writeString(dir.resolve("bad.json"),
                Files.readString(file).replace("\"role\" : \"tree\"", "\"role\" : \"oak\""));
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> RecordingFiles.read(bad));
        assertTrue(e.getMessage().contains("pass_candidates") && e.getMessage().contains("oak"), e.getMessage());
    }
}
