package dev.jacobilens.engine.decode;

import ai.djl.ndarray.NDManager;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.engine.model.MedusaHeads;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.PassCandidates;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Medusa's guarantee: for any prompt, heads and candidate tree, the output is exactly the greedy
 * autoregressive output; and the tree attention mask is what makes it so (a mask that lets tree
 * nodes see their siblings breaks it).
 */
class MedusaEqualsAutoregressiveTest {
    @TempDir
    Path tmp;

    private static final List<MedusaTree> TREES = List.of(MedusaTree.chain(1), MedusaTree.chain(3),
            MedusaTree.parse("0;1;2;0,0;0,1;1,0;0,0,0"), MedusaTree.parse("0;1;2;3;4;5;6;7"),
            MedusaTree.best(new double[][] {{0.5, 0.2, 0.1}, {0.4, 0.2, 0.1}, {0.3, 0.2}}, 12));

    @ParameterizedTest(name = "{0} heads/{1} kv, tied={2}, {3}")
    @MethodSource("dev.jacobilens.engine.TestCheckpoints#kinds")
    void outputsEqualAutoregressiveOutput(int heads, int kv, boolean tied, String dtype, RopeForm rope)
            throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("m"), heads, kv, tied, dtype, rope, 10000, 160, heads * 31L + kv);
        Random rng = new Random(heads * 7L + kv);
        int skippedAhead = 0;
        try (LoadedModel m = Models.load(dir, "cpu"); NDManager manager = m.model().manager().newSubManager();
             MedusaHeads medusa = MedusaHeads.initialise(m.model(), 3, manager)) {
            for (int trial = 0; trial < 5; trial++) {
                int[] prompt = randomPrompt(rng);
                // long budgets reach the end of the 160-position context too
                int maxNew = trial == 0 ? 200 : 1 + rng.nextInt(60);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, maxNew, DecodeListener.NONE,
                        new Cancellation());
                for (MedusaTree tree : TREES) {
                    DecodeOutcome md = MedusaDecoder.decode(m.model(), medusa, prompt, maxNew, tree,
                            DecodeListener.NONE, new Cancellation());
                    String what = "prompt " + Arrays.toString(prompt) + " tree " + tree;
                    assertArrayEquals(ar.outputIds(), md.outputIds(), what);
                    assertEquals(ar.stopReason(), md.stopReason(), what);
                    int start = 0;
                    for (BlockTrajectory b : md.blocks()) {
                        assertEquals(start, b.start(), what);
                        assertEquals(1, b.passes(), what);
                        start += b.size();
                    }
                    skippedAhead += md.forwardPasses() < ar.forwardPasses() ? 1 : 0;
                }
            }
        }
        assertTrue(skippedAhead > 5, "the heads should guess right at times on these looping random models, did in "
                + skippedAhead + " decodes");
    }

    /** Letting every tree node see the nodes before it in the input (siblings included) breaks the equality. */
    @Test
    void aBrokenTreeMaskChangesTheOutput() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("b"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 160, 5);
        Random rng = new Random(3);
        int differed = 0;
        int decodes = 0;
        try (LoadedModel m = Models.load(dir, "cpu"); NDManager manager = m.model().manager().newSubManager();
             MedusaHeads medusa = MedusaHeads.initialise(m.model(), 3, manager)) {
            for (int trial = 0; trial < 4; trial++) {
                int[] prompt = randomPrompt(rng);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, 60, DecodeListener.NONE,
                        new Cancellation());
                for (MedusaTree tree : TREES.subList(2, TREES.size())) {
                    DecodeOutcome broken = MedusaDecoder.decode(m.model(), medusa, prompt, 60, tree,
                            DecodeListener.NONE, new Cancellation(), MedusaEqualsAutoregressiveTest::inputOrderCausal);
                    decodes++;
                    differed += Arrays.equals(ar.outputIds(), broken.outputIds()) ? 0 : 1;
                }
            }
        }
        assertTrue(differed > decodes / 2, "a mask that shows siblings should corrupt most decodes; changed "
                + differed + " of " + decodes);
    }

    @Test
    void passEventsCarryTheTree() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("e"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 128, 11);
        MedusaTree tree = MedusaTree.parse("0;1;0,0;1,0;0,0,0");
        try (LoadedModel m = Models.load(dir, "cpu"); NDManager manager = m.model().manager().newSubManager();
             MedusaHeads medusa = MedusaHeads.initialise(m.model(), 3, manager)) {
            List<PassEvent> events = new ArrayList<>();
            DecodeOutcome md = MedusaDecoder.decode(m.model(), medusa, new int[] {5, 9, 17, 33, 5, 9}, 40, tree,
                    events::add, new Cancellation());
            assertEquals(md.forwardPasses() - 1, events.size());
            assertEquals(md.candidates().size(), events.size());
            for (PassEvent e : events) {
                PassCandidates d = e.detail();
                List<PassCandidates.Candidate> nodes = d.inRole(PassCandidates.Role.TREE);
                assertEquals(tree.size() - 1, nodes.size());
                assertEquals(2, nodes.get(4).meta().get(MedusaDecoder.HEAD), "node 5 is at depth 3: head 2's guess");
                assertEquals(3, nodes.get(4).offset());
                assertEquals(2, nodes.get(4).parent(), "0,0,0 continues 0,0");
                // the accepted nodes form one path from the root, and give the pass's block after the current token
                List<Integer> accepted = new ArrayList<>();
                int parent = -1;
                for (int c = 0; c < nodes.size(); c++) {
                    if (nodes.get(c).accepted() == 1) {
                        assertEquals(parent, nodes.get(c).parent());
                        parent = c;
                        accepted.add(nodes.get(c).tokens()[0]);
                    }
                }
                int[] after = e.after();
                for (int j = 0; j < accepted.size() && j + 1 < after.length; j++) {
                    assertEquals((int) accepted.get(j), after[j + 1]);
                }
                assertEquals(after.length, Math.min(after.length, accepted.size() + 1));
            }
        }
    }

    @Test
    void treesAndHeadsThatDoNotFitAreRefused() throws IOException {
        assertThrows(EngineException.class, () -> MedusaTree.parse(""));
        assertTrue(assertThrows(EngineException.class, () -> MedusaTree.parse("0;0,1,2"))
                .getMessage().contains("needs its parent"));
        assertTrue(assertThrows(EngineException.class, () -> MedusaTree.parse("0;x")).getMessage().contains("'x'"));
        assertTrue(assertThrows(EngineException.class, () -> MedusaTree.parse("0;-1")).getMessage().contains("rank"));
        assertTrue(assertThrows(EngineException.class, () -> MedusaTree.parse("0;0")).getMessage().contains("twice"));
        Path dir = TestCheckpoints.write(tmp.resolve("r"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 64, 2);
        try (LoadedModel m = Models.load(dir, "cpu"); NDManager manager = m.model().manager().newSubManager();
             MedusaHeads medusa = MedusaHeads.initialise(m.model(), 2, manager)) {
            EngineException deep = assertThrows(EngineException.class, () -> MedusaDecoder.decode(m.model(), medusa,
                    new int[] {5, 6}, 10, MedusaTree.chain(3), DecodeListener.NONE, new Cancellation()));
            assertTrue(deep.getMessage().contains("3 deep but there are only 2 heads"), deep.getMessage());
            EngineException wide = assertThrows(EngineException.class, () -> MedusaDecoder.decode(m.model(), medusa,
                    new int[] {5, 6}, 10, MedusaTree.parse("200"), DecodeListener.NONE, new Cancellation()));
            assertTrue(wide.getMessage().contains("vocabulary"), wide.getMessage());
            assertThrows(EngineException.class, () -> MedusaHeads.initialise(m.model(), 0, manager));
        }
    }

    /** The bug a tree decoder could have: a plain causal mask over the flattened tree. */
    private static boolean[][] inputOrderCausal(boolean[][] tree) {
        boolean[][] v = new boolean[tree.length][tree.length];
        for (int i = 0; i < v.length; i++) {
            Arrays.fill(v[i], 0, i + 1, true);
        }
        return v;
    }

    /** 1 to 20 ids from 4 to 100 (clear of the special ids), as every property test's prompts. */
    static int[] randomPrompt(Random rng) {
        int[] prompt = new int[1 + rng.nextInt(20)];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 4 + rng.nextInt(97);
        }
        return prompt;
    }
}
