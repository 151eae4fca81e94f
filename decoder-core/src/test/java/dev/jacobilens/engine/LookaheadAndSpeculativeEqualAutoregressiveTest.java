package dev.jacobilens.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.decode.LookaheadDecoder;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import dev.jacobilens.store.method.Lookahead;
import dev.jacobilens.engine.decode.SpeculativeDecoder;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.engine.model.KvCache;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.BlockTrajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guarantee of both methods: greedy lookahead and greedy speculative decoding (and Jacobi
 * decoding with pool-seeded guesses) return
 * exactly the greedy autoregressive output, for any prompt, seed and parameters, on
 * checkpoints of several kinds; and they do accept more than one token per pass at times, so
 * the equality is not the trivial one of a method that never skips ahead.
 */
class LookaheadAndSpeculativeEqualAutoregressiveTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} heads/{1} kv, tied={2}, {3}")
    @CsvSource({
        "4, 2, false, F16,  LEGACY",
        "4, 4, true,  BF16, PARAMETERS",
        "6, 2, false, F32,  LEGACY",
    })
    void outputsEqualAutoregressiveOutput(int heads, int kv, boolean tied, String dtype, RopeForm rope)
            throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("m"), heads, kv, tied, dtype, rope, 10000, 160, heads * 17L + kv);
        Path otherDir = TestCheckpoints.write(tmp.resolve("d"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 160,
                heads * 5L + kv + 99);
        Random rng = new Random(heads * 100L + kv);
        List<Lookahead> lookaheads = List.of(new Lookahead(1, 2, 0, false),
                new Lookahead(3, 3, 2, false), new Lookahead(5, 4, 3, true),
                new Lookahead(8, 6, 8, true), new Lookahead(2, 5, 1, true));
        int skippedAhead = 0;
        try (LoadedModel m = Models.load(dir, "cpu"); LoadedModel other = Models.load(otherDir, "cpu")) {
            for (int trial = 0; trial < 8; trial++) {
                int[] prompt = new int[1 + rng.nextInt(20)];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = 4 + rng.nextInt(97);
                }
                // long budgets reach the end of the 160-position context too
                int maxNew = trial == 0 ? 200 : 1 + rng.nextInt(90);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, maxNew, DecodeListener.NONE,
                        new Cancellation());
                for (Lookahead s : lookaheads) {
                    long seed = rng.nextLong();
                    DecodeOutcome la = LookaheadDecoder.decode(m.model(), prompt, maxNew, s, seed, DecodeListener.NONE,
                            new Cancellation());
                    String what = "prompt " + Arrays.toString(prompt) + " " + s + " seed=" + seed;
                    assertSame(ar, la, what);
                    skippedAhead += la.forwardPasses() < ar.forwardPasses() ? 1 : 0;
                }
                for (int[] jp : new int[][] {{16, 6}, {7, 2}, {4, 4}}) {
                    long seed = rng.nextLong();
                    DecodeOutcome pooled = JacobiDecoder.decode(m.model(), prompt, jp[0], maxNew, seed, jp[1],
                            DecodeListener.NONE, new Cancellation());
                    String what = "prompt " + Arrays.toString(prompt) + " jacobi n=" + jp[0] + " pool N=" + jp[1];
                    assertArrayEquals(ar.outputIds(), pooled.outputIds(), what);
                    assertEquals(ar.stopReason(), pooled.stopReason(), what);
                }
                for (int k : new int[] {1, 3, 7}) {
                    // the target as its own draft accepts everything; an unrelated model almost nothing
                    for (LoadedModel draft : List.of(m, other)) {
                        DecodeOutcome sp = SpeculativeDecoder.decode(m.model(), draft.model(), prompt, maxNew, k,
                                DecodeListener.NONE, new Cancellation());
                        String what = "prompt " + Arrays.toString(prompt) + " k=" + k + " self-draft=" + (draft == m);
                        assertSame(ar, sp, what);
                        assertTrue(sp.draftPasses() >= 1 + (sp.forwardPasses() - 2), what);
                        if (draft == m && ar.outputIds().length > k + 1 && ar.stopReason() == dev.jacobilens.store.StopReason.MAX_NEW_TOKENS) {
                            assertTrue(sp.forwardPasses() < ar.forwardPasses(), what);
                        }
                    }
                }
            }
        }
        assertTrue(skippedAhead > 5, "lookahead should accept n-grams on these looping random models, did in "
                + skippedAhead + " decodes");
    }

    private static void assertSame(DecodeOutcome ar, DecodeOutcome other, String what) {
        assertArrayEquals(ar.outputIds(), other.outputIds(), what);
        assertEquals(ar.stopReason(), other.stopReason(), what);
        int start = 0;
        for (BlockTrajectory b : other.blocks()) {
            assertEquals(start, b.start(), what);
            assertEquals(1, b.passes(), what);
            assertEquals(b.size(), b.acceptedTotal(), what);
            start += b.size();
        }
        assertTrue(start >= other.outputIds().length, what);
    }

    /** Each pass reports what went into it: the window and candidates, or the draft's proposal. */
    @Test
    void passEventsCarryTheMethodsDetail() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("e"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 128, 11);
        int[] prompt = {5, 9, 17, 33, 5, 9};
        try (LoadedModel m = Models.load(dir, "cpu")) {
            List<PassEvent> events = new ArrayList<>();
            Lookahead s = new Lookahead(4, 3, 2, true);
            DecodeOutcome la = LookaheadDecoder.decode(m.model(), prompt, 40, s, 3, events::add, new Cancellation());
            assertEquals(la.forwardPasses() - 1, events.size());
            int pass = 2;
            for (PassEvent e : events) {
                PassCandidates d = e.detail();
                assertEquals(pass++, d.pass(), "numbered as the store numbers passes");
                List<Candidate> window = d.inRole(Role.WINDOW);
                assertEquals(2, window.size());
                assertEquals(4, window.get(0).tokens().length);
                assertEquals(e.before()[0], window.get(0).tokens()[0], "level 0 column 0 is the current token");
                assertEquals(1, window.get(1).offset(), "level 1 sits one position further");
                List<Candidate> ngrams = d.inRole(Role.NGRAM);
                assertTrue(ngrams.size() <= 2);
                List<Candidate> accepted = ngrams.stream().filter(c -> c.accepted() > 1).toList();
                assertEquals(e.accepted() > 1 ? 1 : 0, accepted.size(), "one n-gram accepted past the current token");
                if (e.accepted() > 1) {
                    assertArrayEquals(Arrays.copyOf(accepted.get(0).tokens(), e.accepted()), e.after());
                    assertEquals(e.accepted(), accepted.get(0).accepted());
                }
                assertTrue(d.fact(PassCandidates.POOL_SIZE) > 0);
            }
            assertEquals(events.stream().map(PassEvent::detail).toList(), la.candidates(),
                    "the outcome keeps exactly what the passes reported");
            events.clear();
            DecodeOutcome sp = SpeculativeDecoder.decode(m.model(), m.model(), prompt, 40, 3, events::add,
                    new Cancellation());
            int draftPasses = 1;
            for (PassEvent e : events) {
                PassCandidates d = e.detail();
                if (d != null) {
                    Candidate draft = d.inRole(Role.DRAFT).get(0);
                    Candidate verified = d.inRole(Role.PREDICTION).get(0);
                    assertEquals(draft.tokens().length + 1, verified.tokens().length);
                    assertEquals(e.accepted(), draft.accepted() + 1);
                    assertEquals(e.accepted(), verified.accepted());
                    draftPasses += d.fact(PassCandidates.DRAFT_PASSES);
                }
            }
            assertEquals(events.stream().map(PassEvent::detail).filter(java.util.Objects::nonNull).toList(),
                    sp.candidates());
            assertEquals(sp.draftPasses(), draftPasses);
        }
    }

    /** The tree entry point with a causal mask and consecutive positions is the plain forward pass. */
    @Test
    void treeForwardWithCausalMaskEqualsForward() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("t"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 64, 7);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            LlamaModel model = m.model();
            long[] prompt = {5, 9, 17, 33};
            long[] more = {40, 41, 42};
            try (NDScope ignored = new NDScope();
                 KvCache a = new KvCache(model.manager(), model.config().numLayers());
                 KvCache b = new KvCache(model.manager(), model.config().numLayers())) {
                model.forward(model.manager().create(prompt, new Shape(1, 4)), a, false);
                model.forward(model.manager().create(prompt, new Shape(1, 4)), b, false);
                float[] plain = model.forward(model.manager().create(more, new Shape(1, 3)), a, false)
                        .toType(DataType.FLOAT32, false).toFloatArray();
                boolean[][] causal = {{true, false, false}, {true, true, false}, {true, true, true}};
                NDArray tree = model.forwardTree(model.manager().create(more, new Shape(1, 3)), b, new int[] {4, 5, 6},
                        causal);
                float[] treeLogits = tree.toType(DataType.FLOAT32, false).toFloatArray();
                assertEquals(plain.length, treeLogits.length);
                for (int i = 0; i < plain.length; i++) {
                    assertEquals(plain[i], treeLogits[i], 1e-4, "logit " + i);
                }
                // keep(): dropping the middle token and keeping the last equals a cache built without it
                b.keep(5, 6, 1);
                assertEquals(6, b.length());
            }
        }
    }

    @Test
    void lookaheadSettingsAreChecked() {
        List<String> messages = new ArrayList<>();
        for (int[] bad : new int[][] {{0, 4, 4}, {4, 1, 4}, {4, 4, -1}, {65, 4, 4}}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new Lookahead(bad[0], bad[1], bad[2], true));
            messages.add(e.getMessage());
        }
        assertTrue(messages.stream().allMatch(msg -> msg.startsWith("lookahead ") && msg.contains(" to ")),
                messages.toString());
    }
}
