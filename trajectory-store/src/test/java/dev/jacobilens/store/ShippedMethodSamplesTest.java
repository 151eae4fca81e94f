package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.MultiBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped comparisons of every method on one maths prompt ({@code samples/recordings/table1-*},
 * made by {@code tools/make-method-samples}) hold what a teacher opens them for: all of the paper's
 * methods, one prompt, the standard model's methods agreeing on its greedy output (every method
 * is exact), and for the methods that verify more than they accept, that extra for every pass,
 * so that replays draw the window, the draft or the tree.
 */
class ShippedMethodSamplesTest {
    private static final Path SAMPLES = Path.of("..", "samples", "recordings");

    @Test
    void everyMethodOnOnePromptWithWhatEachPassVerified() throws IOException {
        Map<String, Recording> byLane = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(SAMPLES)) {
            files = list.filter(f -> f.getFileName().toString().startsWith("table1-")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "expected the method comparisons in " + SAMPLES + ", found " + files);
        String prompt = null;
        for (Path file : files) {
            Comparison c = RecordingFiles.readComparison(file);
            prompt = prompt == null ? c.promptText() : prompt;
            assertEquals(prompt, c.promptText(), file + ": another prompt");
            for (Recording r : List.of(c.standard(), c.consistency())) {
                byLane.put(r.model().name() + " " + r.settings().method().id(), r);
            }
        }
        List<String> expected = List.of("standard ar", "standard jacobi", "standard lookahead", "standard medusa",
                "standard speculative", "consistency jacobi", "jacobi-forcing multiblock");
        assertTrue(byLane.keySet().containsAll(expected), "methods shipped: " + byLane.keySet());

        Recording ar = byLane.get("standard ar");
        assertEquals(Autoregressive.INSTANCE, ar.settings().method());
        List<String> sameModel = new ArrayList<>();
        for (Map.Entry<String, Recording> e : byLane.entrySet()) {
            Recording r = e.getValue();
            if (r.model().name().equals("standard")) {
                assertArrayEquals(ar.outputIds(), r.outputIds(), e.getKey() + " differs from greedy AR");
                sameModel.add(e.getKey());
            }
            if (r.settings().method() instanceof Jacobi || r.settings().method() instanceof Autoregressive) {
                assertTrue(r.passCandidates().isEmpty(), e.getKey() + ": Jacobi and AR verify only their block");
            } else if (r.settings().method() instanceof MultiBlock) {
                // later blocks in flight are stored with the pass that refined them
                int withBlocks = 0;
                for (PassCandidates c : r.passCandidates()) {
                    withBlocks += c.candidates().stream().anyMatch(k -> k.role() == PassCandidates.Role.BLOCK) ? 1 : 0;
                }
                assertTrue(withBlocks * 2 >= r.forwardPasses() - 1, e.getKey() + ": only " + withBlocks + " of "
                        + (r.forwardPasses() - 1) + " passes had later blocks in flight");
            } else {
                // every pass after the prompt pass verified candidates, and a replay has them
                for (int pass = 2; pass <= r.forwardPasses(); pass++) {
                    PassCandidates c = r.candidatesOf(pass);
                    assertNotNull(c, e.getKey() + ": pass " + pass + " has no stored candidates");
                    assertFalse(c.candidates().isEmpty(), e.getKey() + ": pass " + pass);
                }
            }
        }
        assertEquals(5, sameModel.size(), sameModel.toString());
        // the point of the comparisons: the methods differ in passes, not in output
        assertTrue(byLane.get("standard medusa").forwardPasses() * 2 <= ar.forwardPasses(),
                "Medusa should need at most half of AR's passes on this problem");
        assertTrue(byLane.get("consistency jacobi").forwardPasses() * 2 <= ar.forwardPasses());
        assertTrue(byLane.get("jacobi-forcing multiblock").forwardPasses() < byLane.get("consistency jacobi").forwardPasses(),
                "multi-block decoding of the Jacobi Forcing model should beat the CLLM's Jacobi decoding on this problem");
    }
}
