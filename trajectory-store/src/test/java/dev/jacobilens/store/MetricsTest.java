package dev.jacobilens.store;

import static dev.jacobilens.store.ChipState.ACCEPTED_LOCKED;
import static dev.jacobilens.store.ChipState.AFTER_END;
import static dev.jacobilens.store.ChipState.CORRECT;
import static dev.jacobilens.store.ChipState.INCORRECT;
import static dev.jacobilens.store.ChipState.NEWLY_ACCEPTED;
import static dev.jacobilens.store.ChipState.STATIONARY;
import static dev.jacobilens.store.Trajectories.ids;
import static dev.jacobilens.store.Trajectories.states;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void perfectGuessConvergesInOnePassAcceptingTheWholeBlock() {
        BlockMetrics m = Metrics.block(Trajectories.perfectGuessBlock(2, 6));
        assertEquals(1, m.iterations());
        assertEquals(List.of(new IterationMetrics(3, 1, 3, 3, 0, 3, 500_000)), m.perPass());
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, NEWLY_ACCEPTED, NEWLY_ACCEPTED},
                Metrics.chipStates(Trajectories.perfectGuessBlock(2, 6), 1));
        assertArrayEquals(new ChipState[] {CORRECT, CORRECT, CORRECT},
                Metrics.chipStates(Trajectories.perfectGuessBlock(2, 6), 0));
    }

    @Test
    void stationaryBlockPerPassFigures() {
        List<IterationMetrics> it = Metrics.iterations(Trajectories.stationaryBlock());
        assertEquals(List.of(
                new IterationMetrics(1, 1, 1, 1, 1, 3, 1_000_000),
                new IterationMetrics(1, 2, 1, 2, 0, 4, 2_000_000),
                new IterationMetrics(1, 3, 2, 4, 0, 5, 3_000_000),
                new IterationMetrics(1, 4, 1, 5, 0, 5, 4_000_000)), it);
    }

    @Test
    void stationaryNeedsAnEarlierWrongPositionAndNoLaterChange() {
        BlockTrajectory block = Trajectories.stationaryBlock();
        assertArrayEquals(new boolean[] {false, false, false, true, false}, Metrics.stationary(block, 0));
        assertArrayEquals(new boolean[] {false, false, false, true, false}, Metrics.stationary(block, 1));
        // In state 2 positions 0..3 are all right: nothing before position 3 is wrong any more.
        assertArrayEquals(new boolean[5], Metrics.stationary(block, 2));
    }

    @Test
    void aCorrectTokenThatChangesLaterIsNotStationary() {
        // Position 2 is right in the guess behind a wrong position 1, but pass 1 changes it.
        BlockTrajectory block = BlockTrajectory.fromStates(0, 0, states(
                ids(5, 9, 7), ids(5, 6, 8), ids(5, 6, 7), ids(5, 6, 7)));
        assertFalse(Metrics.stationary(block, 0)[2]);
        assertEquals(0, Metrics.iterations(block).stream().mapToInt(IterationMetrics::stationary).sum());
    }

    @Test
    void chipStatesOfEachPassOfTheStationaryBlock() {
        BlockTrajectory b = Trajectories.stationaryBlock();
        assertArrayEquals(new ChipState[] {CORRECT, INCORRECT, INCORRECT, STATIONARY, INCORRECT},
                Metrics.chipStates(b, 0));
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, CORRECT, INCORRECT, STATIONARY, INCORRECT},
                Metrics.chipStates(b, 1));
        assertArrayEquals(new ChipState[] {ACCEPTED_LOCKED, NEWLY_ACCEPTED, CORRECT, CORRECT, INCORRECT},
                Metrics.chipStates(b, 2));
        assertArrayEquals(new ChipState[] {ACCEPTED_LOCKED, ACCEPTED_LOCKED, NEWLY_ACCEPTED, NEWLY_ACCEPTED,
                CORRECT}, Metrics.chipStates(b, 3));
        assertArrayEquals(new ChipState[] {ACCEPTED_LOCKED, ACCEPTED_LOCKED, ACCEPTED_LOCKED, ACCEPTED_LOCKED,
                NEWLY_ACCEPTED}, Metrics.chipStates(b, 4));
    }

    @Test
    void totalsOfTheJacobiRecordingCountOutputTokensOnly() {
        // By hand: output ids 10 11 12 13 14 15 16 2 end at the EOS (2): 8 tokens. Passes: the
        // prompt pass, 4 for block 1, 1 for block 2 = 6. Block 2 accepted 5 tokens, 2 after the end.
        Totals t = Metrics.totals(Trajectories.jacobiRecording());
        assertEquals(2, t.blocks());
        assertEquals(8, t.outputTokens());
        assertEquals(10, t.acceptedTokens());
        assertEquals(6, t.forwardPasses());
        assertEquals(8.0 / 6, t.tokensPerPass(), 1e-12);
        assertEquals(2.5, t.iterationsPerBlock(), 1e-12);
        assertEquals(8.0 / 5, t.meanAcceptedPerPass(), 1e-12);
        assertEquals(1, t.stationaryTokens());
        assertEquals(9.0 / 6, t.passSpeedupEstimate(), 1e-12);
        assertEquals(15_000_000, t.passNanos());
    }

    @Test
    void figuresOfTheBlockHoldingTheEosStopAtTheEnd() {
        Recording r = Trajectories.jacobiRecording();
        BlockTrajectory second = r.blocks().get(1);
        assertEquals(5, Metrics.outputPositions(r, r.blocks().get(0)));
        assertEquals(3, Metrics.outputPositions(r, second));
        assertEquals(List.of(new IterationMetrics(2, 1, 3, 3, 0, 3, 5_000_000)), Metrics.blocks(r).get(1).perPass());
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, NEWLY_ACCEPTED, NEWLY_ACCEPTED, AFTER_END, AFTER_END},
                Metrics.chipStates(second, 1, Metrics.outputPositions(r, second)));
        assertArrayEquals(new ChipState[] {CORRECT, CORRECT, CORRECT, AFTER_END, AFTER_END},
                Metrics.chipStates(second, 0, 3));
        assertArrayEquals(new ChipState[] {AFTER_END, AFTER_END, AFTER_END, AFTER_END, AFTER_END},
                Metrics.chipStates(second, 1, 0));
    }

    @Test
    void blocksIterationsAndPassesAreNumberedFromOneWithThePromptPassFirst() {
        Recording r = Trajectories.jacobiRecording();
        BlockTrajectory first = r.blocks().get(0);
        BlockTrajectory second = r.blocks().get(1);
        assertEquals(1, Metrics.blockNumber(first));
        assertEquals(2, Metrics.blockNumber(second));
        assertEquals(2, Metrics.passNumber(r, first, 1));
        assertEquals(5, Metrics.passNumber(r, first, 4));
        assertEquals(6, Metrics.passNumber(r, second, 1));
        assertEquals(r.forwardPasses(), Metrics.passNumber(r, second, second.passes()));
        assertThrows(IllegalArgumentException.class, () -> Metrics.passNumber(r, second, 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.passNumber(r, second, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.passNumber(r, Trajectories.perfectGuessBlock(7, 40), 1));
    }

    @Test
    void arRecordingAcceptsOneTokenPerPassAndHasNoSpeedup() {
        Recording ar = Trajectories.arRecording(4, 5, 6);
        Totals t = Metrics.totals(ar);
        assertEquals(4, t.forwardPasses());
        assertEquals(3, t.outputTokens());
        assertEquals(0.75, t.tokensPerPass(), 1e-12);
        assertEquals(1.0, t.meanAcceptedPerPass(), 1e-12);
        assertEquals(1.0, t.iterationsPerBlock(), 1e-12);
        assertEquals(1.0, t.passSpeedupEstimate(), 1e-12);
        assertEquals(0, t.stationaryTokens());
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED}, Metrics.chipStates(ar.blocks().get(1), 1));
    }

    @Test
    void speedupAgainstMeasuredArIsPerOutputToken() {
        Recording jacobi = Trajectories.jacobiRecording(); // 8 output tokens, 6 passes, 25 ms
        Speedup s = Metrics.speedup(jacobi, new ArTiming(9, 8, 100_000_000, "cpu")).orElseThrow();
        assertEquals(9.0 / 6, s.forwardPasses(), 1e-12);
        assertEquals(4.0, s.wallTime().getAsDouble(), 1e-12);
        // An AR run that stopped at 4 tokens after 6 passes: 1.5 passes/token vs 0.75.
        assertEquals(2.0, Metrics.speedup(jacobi, new ArTiming(6, 4, 0, "cpu")).orElseThrow().forwardPasses(),
                1e-12);
        assertTrue(Metrics.speedup(jacobi, new ArTiming(6, 4, 0, "cpu")).orElseThrow().wallTime().isEmpty());
        assertTrue(Metrics.speedup(jacobi, null).isEmpty());
    }
}
