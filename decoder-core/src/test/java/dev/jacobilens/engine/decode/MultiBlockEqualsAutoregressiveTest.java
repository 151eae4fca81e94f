package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.store.method.MultiBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-block Jacobi decoding's guarantee: for any prompt, seed and settings (block size, blocks
 * in flight, start rule, recycling), the output is exactly the greedy autoregressive output and
 * stops for the same reason; and it is the causal mask and Jacobi's acceptance rule that make it
 * so (a test-only fault in either breaks the equality).
 */
class MultiBlockEqualsAutoregressiveTest {
    @TempDir
    Path tmp;

    /** Settings that cover every branch: K = 1 (Jacobi plus recycling), all blocks at once, late starts, no recycling. */
    static final List<MultiBlock> SETTINGS = List.of(
            new MultiBlock(1, 1, 50, false, 4, 4),
            new MultiBlock(4, 1, 50, true, 3, 2),
            new MultiBlock(7, 2, 0, false, 4, 4),
            new MultiBlock(7, 2, 50, true, 4, 4),
            new MultiBlock(5, 3, 0, true, 2, 1),
            new MultiBlock(16, 2, 50, true, 6, 8),
            new MultiBlock(3, 5, 34, true, 3, 3),
            new MultiBlock(16, 4, 100, false, 4, 4),
            new MultiBlock(2, 8, 0, true, 2, 16));

    @ParameterizedTest(name = "{0} heads/{1} kv, tied={2}, {3}")
    @MethodSource("dev.jacobilens.engine.TestCheckpoints#kinds")
    void outputsEqualAutoregressiveOutput(int heads, int kv, boolean tied, String dtype, RopeForm rope)
            throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("m"), heads, kv, tied, dtype, rope, 10000, 160, heads * 31L + kv);
        Random rng = new Random(heads * 7L + kv);
        int recycledTokens = 0;
        int multiBlockPasses = 0;
        int decodes = 0;
        try (LoadedModel m = Models.load(dir, "cpu")) {
            for (int trial = 0; trial < 5; trial++) {
                int[] prompt = MedusaEqualsAutoregressiveTest.randomPrompt(rng);
                // long budgets reach the end of the 160-position context; short ones end mid-block
                int maxNew = trial == 0 ? 200 : 1 + rng.nextInt(70);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, maxNew, DecodeListener.NONE,
                        new Cancellation());
                for (MultiBlock s : SETTINGS) {
                    long seed = rng.nextLong();
                    List<PassEvent> events = new ArrayList<>();
                    DecodeOutcome mb = MultiBlockDecoder.decode(m.model(), prompt, maxNew, s, seed, events::add,
                            new Cancellation());
                    String what = "prompt " + Arrays.toString(prompt) + " max " + maxNew + " " + s + " seed " + seed;
                    assertArrayEquals(ar.outputIds(), mb.outputIds(), what);
                    assertEquals(ar.stopReason(), mb.stopReason(), what);
                    checkTrajectories(mb, events, s, what);
                    for (PassCandidates c : mb.candidates()) {
                        recycledTokens += Metrics.ngramTokensAccepted(c);
                        multiBlockPasses += Metrics.blocksInFlight(c) > 1 ? 1 : 0;
                    }
                    decodes++;
                }
            }
        }
        assertTrue(recycledTokens > decodes, "recycled n-grams should be accepted at times on these looping random"
                + " models: " + recycledTokens + " tokens in " + decodes + " decodes");
        assertTrue(multiBlockPasses > decodes, "passes should carry later blocks: " + multiBlockPasses);
    }

    /** The maths pair's consistency model ends its answers with EOS: decodes stop there, as AR's do. */
    @Test
    void stopsAtEosAsAutoregressiveDecodingDoes() throws IOException {
        Path consistency = Path.of("..", "assets", "models", "consistency").toAbsolutePath().normalize();
        try (LoadedModel m = Models.load(consistency, "cpu")) {
            int[][] prompts = {m.encode("Jack has 42 candies. He buys 8 more candies, and then Max gives him 28 more."
                    + " How many candies does Jack have now?"),
                    m.encode("A book has 23 pages. Mia has already read 5 pages. If she reads 2 pages a day, how many"
                    + " days will it take her to finish the book?")};
            int eos = 0;
            for (int[] prompt : prompts) {
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, 200, DecodeListener.NONE,
                        new Cancellation());
                for (MultiBlock s : List.of(MultiBlock.DEFAULT, new MultiBlock(16, 3, 25, true, 4, 4),
                        new MultiBlock(8, 4, 0, false, 4, 4), new MultiBlock(16, 2, 50, true, 4, 4))) {
                    DecodeOutcome mb = MultiBlockDecoder.decode(m.model(), prompt, 200, s, 7, DecodeListener.NONE,
                            new Cancellation());
                    assertArrayEquals(ar.outputIds(), mb.outputIds(), s.toString());
                    assertEquals(ar.stopReason(), mb.stopReason(), s.toString());
                    eos += mb.stopReason() == StopReason.EOS ? 1 : 0;
                    assertTrue(mb.forwardPasses() <= ar.forwardPasses(), "the consistency model fast-forwards");
                }
            }
            assertTrue(eos >= 4, "the maths answers end with EOS: " + eos);
        }
    }

    /**
     * A mask that lets every token of the pass see all the others (the later blocks' drafts
     * included, so the first block's predictions read tokens after them) changes the output.
     */
    @Test
    void aBrokenMaskChangesTheOutput() throws IOException {
        assertFaultChangesOutput(MultiBlockEqualsAutoregressiveTest::seeEverything, false);
    }

    /** Accepting one token past the unchanged prefix (an off-by-one in the acceptance rule) changes the output. */
    @Test
    void aBrokenAcceptanceRuleChangesTheOutput() throws IOException {
        assertFaultChangesOutput(null, true);
    }

    /** Without a fault, the hooks' path (every pass a tree pass with the decoder's own mask) still equals AR. */
    @Test
    void treePassesWithTheRightMaskEqualAutoregressive() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("t"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 160, 5);
        Random rng = new Random(4);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            for (int trial = 0; trial < 2; trial++) {
                int[] prompt = MedusaEqualsAutoregressiveTest.randomPrompt(rng);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, 60, DecodeListener.NONE,
                        new Cancellation());
                for (MultiBlock s : SETTINGS) {
                    DecodeOutcome mb = MultiBlockDecoder.decode(m.model(), prompt, 60, s, trial, DecodeListener.NONE,
                            new Cancellation(), UnaryOperator.identity(), false);
                    assertArrayEquals(ar.outputIds(), mb.outputIds(), s.toString());
                }
            }
        }
    }

    private void assertFaultChangesOutput(UnaryOperator<boolean[][]> mask, boolean acceptOneMore) throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("b"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 160, 5);
        Random rng = new Random(3);
        int differed = 0;
        int decodes = 0;
        try (LoadedModel m = Models.load(dir, "cpu")) {
            for (int trial = 0; trial < 4; trial++) {
                int[] prompt = MedusaEqualsAutoregressiveTest.randomPrompt(rng);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, 60, DecodeListener.NONE,
                        new Cancellation());
                for (MultiBlock s : SETTINGS.subList(2, SETTINGS.size())) {
                    DecodeOutcome broken = MultiBlockDecoder.decode(m.model(), prompt, 60, s, trial,
                            DecodeListener.NONE, new Cancellation(), mask, acceptOneMore);
                    decodes++;
                    differed += Arrays.equals(ar.outputIds(), broken.outputIds()) ? 0 : 1;
                }
            }
        }
        assertTrue(differed > decodes / 2, "the fault should corrupt most decodes; changed " + differed + " of "
                + decodes);
    }

    @Test
    void settingsThatDoNotFitTheModelAreRefused() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("r"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 64, 2);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            LlamaModel model = m.model();
            EngineException wide = assertThrows(EngineException.class, () -> MultiBlockDecoder.decode(model,
                    new int[] {5, 6}, 10, new MultiBlock(65, 1, 50, true, 4, 4), 1, DecodeListener.NONE,
                    new Cancellation()));
            assertTrue(wide.getMessage().contains("--block-size") && wide.getMessage().contains("64"), wide.getMessage());
            EngineException many = assertThrows(EngineException.class, () -> MultiBlockDecoder.decode(model,
                    new int[] {5, 6}, 10, new MultiBlock(16, 5, 50, true, 4, 4), 1, DecodeListener.NONE,
                    new Cancellation()));
            assertTrue(many.getMessage().contains("--blocks") && many.getMessage().contains("80 positions"),
                    many.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new MultiBlock(16, 0, 50, true, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new MultiBlock(16, 2, 101, true, 4, 4));
    }

    /**
     * A stop asked for mid-block ends the decode as cancelled after that pass; the unfinished
     * block is dropped as Jacobi drops it, and so are its passes' candidates (a recording must
     * not hold candidates for passes it does not count).
     */
    @Test
    void aStopMidBlockEndsTheDecodeWithConsistentCandidates() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("c"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 64, 3);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            for (int stopAfter = 1; stopAfter <= 6; stopAfter++) {
                Cancellation cancel = new Cancellation();
                List<PassEvent> events = new ArrayList<>();
                int after = stopAfter;
                DecodeOutcome out = MultiBlockDecoder.decode(m.model(), new int[] {5, 6, 7}, 40,
                        new MultiBlock(8, 3, 0, true, 3, 4), 1, e -> {
                            events.add(e);
                            if (events.size() == after) {
                                cancel.cancel();
                            }
                        }, cancel);
                assertEquals(StopReason.CANCELLED, out.stopReason());
                assertEquals(stopAfter, events.size());
                for (PassCandidates c : out.candidates()) {
                    assertTrue(c.pass() <= out.forwardPasses(), "pass " + c.pass() + " of " + out.forwardPasses());
                }
                Cancellation stop = new Cancellation();
                List<PassEvent> seen = new ArrayList<>();
                dev.jacobilens.store.Recording r = m.decode("the cat sat", new dev.jacobilens.store.DecodeSettings(
                        new MultiBlock(8, 3, 0, true, 3, 4), 1, 40, "cpu"), null, e -> {
                            seen.add(e);
                            if (seen.size() == after) {
                                stop.cancel();
                            }
                        }, stop);
                assertEquals(StopReason.CANCELLED, r.stopReason(), "a cancelled decode still makes a valid recording");
            }
        }
    }

    /**
     * Trajectories as Jacobi's (one block per first-block life, accepted counts summing to its
     * size) and every pass's detail consistent: later blocks numbered after the pass's block, each
     * before/after pair at the offset where it sat, after = the before state of the same block in
     * the next pass, and a block that becomes the first starts from its last state in flight.
     */
    private static void checkTrajectories(DecodeOutcome outcome, List<PassEvent> events, MultiBlock s, String what) {
        int start = 0;
        for (BlockTrajectory b : outcome.blocks()) {
            assertEquals(start, b.start(), what);
            assertTrue(b.size() <= s.blockSize(), what);
            assertEquals(b.size(), Arrays.stream(b.acceptedPerPass()).sum(), what);
            assertTrue(b.passes() >= 1 && b.passes() <= b.size(), what);
            start += b.size();
        }
        int[] promoted = null;
        for (PassEvent e : events) {
            PassCandidates d = e.detail();
            List<Candidate> later = d == null ? List.of() : d.inRole(Role.BLOCK);
            assertTrue(later.size() < s.blocks(), what);
            if (d != null) {
                assertTrue(d.inRole(Role.NGRAM).size() <= s.recycleCandidates(), what);
                int recycled = Metrics.ngramTokensAccepted(d);
                assertTrue(recycled == 0 || recycled == e.accepted() - 1, what);
                for (int i = 0; i < later.size(); i++) {
                    assertEquals(e.block() + 1 + i, later.get(i).meta().get(PassCandidates.BLOCK), what);
                    Candidate after = d.candidates().get(d.candidates().indexOf(later.get(i)) + 1);
                    assertEquals(Role.BLOCK_AFTER, after.role(), what);
                }
            }
            if (promoted != null && e.iteration() == 1) {
                // the block that became the first starts where it was, its first token now known right
                assertArrayEquals(Arrays.copyOfRange(promoted, 1, promoted.length),
                        Arrays.copyOfRange(e.before(), 1, e.before().length), what);
            }
            promoted = e.converged() && !later.isEmpty()
                    ? d.candidates().get(d.candidates().indexOf(later.get(0)) + 1).tokens() : null;
        }
    }

    private static boolean[][] seeEverything(boolean[][] mask) {
        boolean[][] v = new boolean[mask.length][mask.length];
        for (boolean[] row : v) {
            Arrays.fill(row, true);
        }
        return v;
    }
}
