package dev.jacobilens.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.RopeConfig;
import dev.jacobilens.train.Batch;
import dev.jacobilens.train.Example;
import dev.jacobilens.train.Losses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jacobi Forcing's packed sequence: its layout, its attention mask (tested by perturbing tokens and
 * by comparing with plain causal passes over the text each block is meant to see), and its losses.
 */
class JacobiForcingObjectiveTest {
    private static final LlamaConfig CONFIG = new LlamaConfig(60, 32, 64, 2, 4, 2, 8, 1e-5,
            RopeConfig.defaults(10000), 128, false, 1, List.of(2), 3);
    private static final float TOLERANCE = 2e-4f;
    private NDManager manager;
    private LlamaModel model;

    @BeforeEach
    void setUp() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
        model = new LlamaModel(CONFIG, LlamaParameters.initialise(CONFIG, manager, 3, 0.2), manager, DataType.FLOAT32);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Prompt 1 10 11 (question 1 10), blocks of 3: noisy {20 40 41} {23 42 43}, fixed {20 21 22} {23 24 25}. */
    private static JacobiForcingObjective.Packed handMade() {
        return new JacobiForcingObjective.Packed(2, new int[] {1, 10, 11},
                new int[][] {{20, 40, 41}, {23, 42, 43}}, new int[][] {{20, 21, 22}, {23, 24, 25}});
    }

    @Test
    void packsNoisyThenCleanCopiesSharingPositions() {
        JacobiForcingObjective.Packed p = handMade();
        assertArrayEquals(new long[] {1, 10, 11, 20, 40, 41, 20, 21, 22, 23, 42, 43, 23, 24, 25}, p.tokens());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 6, 7, 8}, p.positions());
        assertArrayEquals(new int[] {1, 10, 11, 20, 21, 22, 23, 24, 25}, p.cleanText());
        boolean[][] v = p.visible();
        // prompt: causal
        assertEquals("110000000000000", row(v[1]));
        // noisy block 0, token 1: prompt and itself up to token 1
        assertEquals("111110000000000", row(v[4]));
        // clean block 0, token 2: prompt and clean block 0, not the noisy copy
        assertEquals("111000111000000", row(v[8]));
        // noisy block 1, token 1: prompt, clean block 0 (not noisy block 0), itself up to token 1
        assertEquals("111000111110000", row(v[10]));
        // clean block 1, token 0: prompt, clean block 0, itself
        assertEquals("111000111000100", row(v[12]));
    }

    private static String row(boolean[] r) {
        StringBuilder sb = new StringBuilder();
        for (boolean b : r) {
            sb.append(b ? '1' : '0');
        }
        return sb.toString();
    }

    private float[][] packedLogits(List<JacobiForcingObjective.Packed> batch) {
        try (NDScope ignored = new NDScope()) {
            NDArray l = JacobiForcingObjective.logits(model, batch, manager);
            int total = (int) l.getShape().get(0);
            float[] flat = l.toFloatArray();
            int v = flat.length / total;
            float[][] out = new float[total][];
            for (int i = 0; i < total; i++) {
                out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            }
            return out;
        }
    }

    /** Logits of a plain causal pass over {@code ids}. */
    private float[][] causal(int[] ids) {
        try (NDScope ignored = new NDScope()) {
            NDArray l = model.forward(manager.create(Arrays.stream(ids).asLongStream().toArray(),
                    new Shape(1, ids.length)), null, false);
            float[] flat = l.toFloatArray();
            int v = flat.length / ids.length;
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            }
            return out;
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + " logit " + i);
        }
    }

    private static int[] concat(int[]... parts) {
        int[] out = new int[0];
        for (int[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    /**
     * Each noisy block computes exactly what a causal pass over prompt, the earlier fixed points and
     * the state computes; each clean block what a causal pass over the clean text computes.
     */
    @Test
    void eachBlockSeesTheCleanFixedPointsBeforeItAndNothingElse() {
        JacobiForcingObjective.Packed p = new JacobiForcingObjective.Packed(2, new int[] {1, 10, 11, 12},
                new int[][] {{20, 40, 41, 42}, {24, 43, 44, 45}, {28, 46, 29, 47}},
                new int[][] {{20, 21, 22, 23}, {24, 25, 26, 27}, {28, 29, 30, 31}});
        float[][] packed = packedLogits(List.of(p));
        float[][] clean = causal(p.cleanText());
        for (int i = 0; i < p.cleanText().length; i++) {
            assertClose(clean[i], packed[p.cleanIndex(i)], "clean text " + i);
        }
        for (int j = 0; j < 3; j++) {
            int[] context = Arrays.copyOf(p.cleanText(), p.prompt().length + 4 * j);
            float[][] noisy = causal(concat(context, p.noisy()[j]));
            for (int t = 0; t < 4; t++) {
                assertClose(noisy[context.length + t], packed[p.noisyAt(j, t)], "noisy block " + j + " token " + t);
            }
        }
    }

    /** With the multi-block trainer's noisy context, a noisy block reads the earlier noisy copies instead. */
    @Test
    void withNoisyContextANoisyBlockSeesTheEarlierNoisyCopies() {
        int[][] noisy = {{20, 40, 41, 42}, {24, 43, 44, 45}, {28, 46, 29, 47}};
        int[][] fixed = {{20, 21, 22, 23}, {24, 25, 26, 27}, {28, 29, 30, 31}};
        JacobiForcingObjective.Packed p = new JacobiForcingObjective.Packed(2, new int[] {1, 10, 11, 12}, noisy, fixed,
                true);
        float[][] packed = packedLogits(List.of(p));
        float[][] clean = causal(p.cleanText());
        for (int i = 0; i < p.cleanText().length; i++) {
            assertClose(clean[i], packed[p.cleanIndex(i)], "clean text " + i);
        }
        int[] draft = concat(p.prompt(), noisy[0], noisy[1], noisy[2]);
        float[][] drafted = causal(draft);
        for (int j = 0; j < 3; j++) {
            for (int t = 0; t < 4; t++) {
                assertClose(drafted[p.prompt().length + 4 * j + t], packed[p.noisyAt(j, t)], "noisy " + j + " " + t);
            }
        }
    }

    /** Changing a noisy copy changes only that copy's own later positions; sequences in one row are apart. */
    @Test
    void perturbingANoisyBlockOrAnotherSequenceChangesNothingElse() {
        JacobiForcingObjective.Packed a = handMade();
        JacobiForcingObjective.Packed b = new JacobiForcingObjective.Packed(1, new int[] {1, 13},
                new int[][] {{30, 50, 51}}, new int[][] {{30, 31, 32}});
        float[][] before = packedLogits(List.of(a, b));
        // noisy block 0, token 1: 40 -> 55
        JacobiForcingObjective.Packed a2 = new JacobiForcingObjective.Packed(2, a.prompt(),
                new int[][] {{20, 55, 41}, a.noisy()[1]}, a.fixed());
        float[][] after = packedLogits(List.of(a2, b));
        for (int i = 0; i < before.length; i++) {
            boolean mayChange = i == a.noisyAt(0, 1) || i == a.noisyAt(0, 2);
            if (mayChange) {
                assertFalse(Arrays.equals(before[i], after[i]), "position " + i + " should see the change");
            } else {
                assertClose(before[i], after[i], "position " + i);
            }
        }
        // a later token of noisy block 1 (t = 2) is invisible to its earlier tokens and to everything else
        JacobiForcingObjective.Packed a3 = new JacobiForcingObjective.Packed(2, a.prompt(),
                new int[][] {a.noisy()[0], {23, 42, 57}}, a.fixed());
        float[][] later = packedLogits(List.of(a3, b));
        for (int i = 0; i < before.length; i++) {
            if (i != a.noisyAt(1, 2)) {
                assertClose(before[i], later[i], "position " + i);
            }
        }
        // the other sequence of the row changes nothing in this one
        JacobiForcingObjective.Packed b2 = new JacobiForcingObjective.Packed(1, new int[] {1, 14},
                new int[][] {{33, 52, 53}}, new int[][] {{33, 34, 35}});
        float[][] other = packedLogits(List.of(a, b2));
        for (int i = 0; i < a.length(); i++) {
            assertClose(before[i], other[i], "position " + i);
        }
    }

    /** Sequences too long to share a row go through passes of their own, with the same logits. */
    @Test
    void rowsSplitWithoutChangingLogits() {
        List<JacobiForcingObjective.Packed> many = new ArrayList<>();
        Random rng = new Random(3);
        for (int s = 0; s < 40; s++) {
            int[][] noisy = new int[3][8];
            int[][] fixed = new int[3][8];
            for (int j = 0; j < 3; j++) {
                for (int t = 0; t < 8; t++) {
                    fixed[j][t] = 10 + rng.nextInt(50);
                    noisy[j][t] = t < 2 ? fixed[j][t] : 10 + rng.nextInt(50);
                }
            }
            many.add(new JacobiForcingObjective.Packed(2, new int[] {1, 10 + s % 40, 11}, noisy, fixed));
        }
        float[][] together = packedLogits(many);
        int[] offsets = JacobiForcingObjective.offsets(many);
        assertTrue(offsets[39] + many.get(39).length() > JacobiForcingObjective.ROW_TOKENS, "needs several rows");
        for (int s : new int[] {0, 25, 39}) {
            float[][] alone = packedLogits(List.of(many.get(s)));
            for (int i = 0; i < alone.length; i++) {
                assertClose(alone[i], together[offsets[s] + i], "sequence " + s + " position " + i);
            }
        }
    }

    private JacobiForcingObjective objective(ConsistencyObjective.Weights w, TrajectoryData data) {
        return new JacobiForcingObjective(data, 1, 0, 3, 2, w,
                new JacobiForcingObjective.Options(NoiseSchedule.parse("linear:0-1"), 4), null, m -> Map.of());
    }

    private static TrajectoryData someData() {
        return TrajectoryData.of(List.of(new TrajectoryData.Block(2, new int[] {1, 10, 11},
                List.of(new int[] {20, 40, 41}, new int[] {20, 21, 22}), null)));
    }

    @Test
    void consistencyLossIsZeroAtTheFixedPointAndPositiveElsewhere() {
        ConsistencyObjective.Weights consistencyOnly =
                new ConsistencyObjective.Weights(0, 1, 0, ConsistencyObjective.ArScope.ALL, false);
        JacobiForcingObjective.Packed a = handMade();
        JacobiForcingObjective.Packed atFixedPoint = new JacobiForcingObjective.Packed(2, a.prompt(),
                new int[][] {a.fixed()[0].clone(), a.fixed()[1].clone()}, a.fixed());
        try (NDScope ignored = new NDScope()) {
            JacobiForcingObjective o = objective(consistencyOnly, someData());
            assertEquals(0f, o.loss(model, List.of(atFixedPoint), null, manager).getFloat());
            assertTrue(o.loss(model, List.of(a), null, manager).getFloat() > 0);
        }
    }

    /** The AR loss over the packed clean text equals a plain causal LM loss over prompt and fixed points. */
    @Test
    void arLossIsTheCausalLossOfTheCleanText() {
        ConsistencyObjective.Weights arOnly =
                new ConsistencyObjective.Weights(1, 0, 0, ConsistencyObjective.ArScope.ALL, false);
        ConsistencyObjective.Weights answerOnly =
                new ConsistencyObjective.Weights(1, 0, 0, ConsistencyObjective.ArScope.ANSWER, false);
        JacobiForcingObjective.Packed a = handMade();
        int[] clean = a.cleanText();
        try (NDScope ignored = new NDScope()) {
            float packed = objective(arOnly, someData()).loss(model, List.of(a), null, manager).getFloat();
            Batch all = Batch.of(List.of(new Example(new int[] {clean[0]}, Arrays.copyOfRange(clean, 1, clean.length))),
                    3, true);
            assertEquals(Losses.causalLm(model, all, manager, 0).getFloat(), packed, 1e-4);
            float answer = objective(answerOnly, someData()).loss(model, List.of(a), null, manager).getFloat();
            Batch fromAnswer = Batch.of(List.of(new Example(Arrays.copyOf(clean, 2),
                    Arrays.copyOfRange(clean, 2, clean.length))), 3, false);
            assertEquals(Losses.causalLm(model, fromAnswer, manager, 0).getFloat(), answer, 1e-4);
        }
    }

    @Test
    void blocksOfOneGenerationFormAChainAndTheScheduleChoosesTheirStates() {
        int[] prompt = {1, 10, 11};
        int[] f0 = {20, 21, 22, 23};
        int[] f1 = {24, 25, 26, 27};
        TrajectoryData.Block b0 = new TrajectoryData.Block(2, prompt,
                List.of(new int[] {20, 40, 41, 42}, new int[] {20, 21, 41, 42}, new int[] {20, 21, 22, 42}, f0), null);
        TrajectoryData.Block b1 = new TrajectoryData.Block(2, concat(prompt, f0),
                List.of(new int[] {24, 43, 44, 45}, f1), null);
        TrajectoryData.Block other = new TrajectoryData.Block(2, new int[] {1, 12, 13},
                List.of(new int[] {30, 46, 47, 48}, new int[] {30, 31, 32, 33}), null);
        List<List<TrajectoryData.Block>> chains = JacobiForcingObjective.chains(TrajectoryData.of(List.of(b0, b1, other)));
        assertEquals(2, chains.size());
        assertEquals(List.of(b0, b1), chains.get(0));
        assertEquals(0.75, JacobiForcingObjective.noiseRatio(b0.states().get(0), f0));
        assertEquals(0.25, JacobiForcingObjective.noiseRatio(b0.states().get(2), f0));
        assertEquals(0.0, JacobiForcingObjective.noiseRatio(f0, f0));
        assertArrayEquals(b0.states().get(1), JacobiForcingObjective.nearest(b0, 0.5));
        assertArrayEquals(f0, JacobiForcingObjective.nearest(b0, 0.1));
        assertArrayEquals(b0.states().get(0), JacobiForcingObjective.nearest(b0, 1.0));
        // packed steps: the whole chain, the schedule's ratios 0 and 1 from the first block to the last
        JacobiForcingObjective o = new JacobiForcingObjective(TrajectoryData.of(List.of(b0, b1, other)), 8, 5, 3, 2,
                new ConsistencyObjective.Weights(1, 1, 0, ConsistencyObjective.ArScope.ANSWER, false, 0),
                new JacobiForcingObjective.Options(NoiseSchedule.parse("linear:0-1"), 4), null, m -> Map.of());
        for (JacobiForcingObjective.Packed p : o.samples(0)) {
            if (p.blocks() == 2) {
                assertArrayEquals(prompt, p.prompt());
                assertArrayEquals(f0, p.noisy()[0]); // ratio 0: the fixed point
                assertArrayEquals(b1.states().get(0), p.noisy()[1]); // ratio 1: the noisiest state
            }
        }
        // the same step draws the same sequences
        assertEquals(Arrays.deepToString(o.samples(3).stream().map(JacobiForcingObjective.Packed::noisy).toArray()),
                Arrays.deepToString(o.samples(3).stream().map(JacobiForcingObjective.Packed::noisy).toArray()));
    }

    @Test
    void noisedStatesHaveTheScheduledRatio() {
        int[] fixed = {20, 21, 22, 23, 24, 25, 26, 27};
        TrajectoryData.Block b = new TrajectoryData.Block(2, new int[] {1, 10, 11, 12},
                List.of(new int[] {20, 10, 10, 10, 10, 10, 10, 10}, fixed), null);
        Random rng = new Random(1);
        for (double ratio : new double[] {0.125, 0.25, 0.5, 0.875}) {
            int[] s = NoisedStates.at(b, ratio, 2, rng);
            assertEquals(ratio, JacobiForcingObjective.noiseRatio(s, fixed), 1e-9);
        }
        assertArrayEquals(fixed, NoisedStates.at(b, 0, 2, rng));
        // the first token is always kept: ratio 1 becomes (n - 1) / n
        assertEquals(0.875, JacobiForcingObjective.noiseRatio(NoisedStates.at(b, 1, 2, rng), fixed), 1e-9);
        // a first wrong token that would fall after the block's EOS leaves the fixed point
        int[] withEos = {20, 21, 2, 0, 0, 0, 0, 0};
        TrajectoryData.Block e = new TrajectoryData.Block(2, new int[] {1, 10}, List.of(withEos.clone(), withEos), null);
        assertArrayEquals(withEos, NoisedStates.at(e, 0.25, 2, rng));
    }
}
