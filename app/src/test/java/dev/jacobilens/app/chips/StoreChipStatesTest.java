package dev.jacobilens.app.chips;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.store.BlockTrajectory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jacobilens.app.chips.ChipState.ACCEPTED_LOCKED;
import static dev.jacobilens.app.chips.ChipState.AFTER_END;
import static dev.jacobilens.app.chips.ChipState.CORRECT;
import static dev.jacobilens.app.chips.ChipState.INCORRECT;
import static dev.jacobilens.app.chips.ChipState.NEWLY_ACCEPTED;
import static dev.jacobilens.app.chips.ChipState.PENDING;
import static dev.jacobilens.app.chips.ChipState.STATIONARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreChipStatesTest {
    private final ChipStateCalculator calculator = new StoreChipStates();
    private final BlockTrajectory block = TestRecordings.twoPassBlock();

    @Test
    void initialGuessIsJudgedAgainstTheFixedPoint() {
        // [10, 20, 12, 21] against [10, 11, 12, 13]: 10 is right with nothing wrong before it,
        // and 12 is lost again in pass 1, so neither is stationary.
        assertArrayEquals(new ChipState[] {CORRECT, INCORRECT, CORRECT, INCORRECT},
                calculator.states(block, 0, true));
    }

    @Test
    void firstPassAcceptsTwoAndLeavesAStationaryToken() {
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, NEWLY_ACCEPTED, INCORRECT, STATIONARY},
                calculator.states(block, 1, true));
    }

    @Test
    void lastPassLocksTheEarlierPrefix() {
        assertArrayEquals(new ChipState[] {ACCEPTED_LOCKED, ACCEPTED_LOCKED, NEWLY_ACCEPTED, NEWLY_ACCEPTED},
                calculator.states(block, 2, true));
    }

    @Test
    void unconvergedBlocksLeaveUnacceptedPositionsPending() {
        BlockTrajectory partial = new BlockTrajectory(0, 0, block.states().subList(0, 2), new int[] {2},
                new long[] {1});
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, NEWLY_ACCEPTED, PENDING, PENDING},
                calculator.states(partial, 1, false));
    }

    @Test
    void autoregressiveBlockIsOneNewToken() {
        BlockTrajectory ar = new BlockTrajectory(3, 3, List.of(new int[] {7}, new int[] {7}), new int[] {1}, new long[] {1});
        assertArrayEquals(new ChipState[] {CORRECT}, calculator.states(ar, 0, true));
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED}, calculator.states(ar, 1, true));
    }

    @Test
    void convergedBlocksAreClassifiedExactlyAsTheStoreDoes() {
        BlockTrajectory random = TestRecordings.randomBlock(0, 16, 3, 7);
        for (int k = 0; k <= random.passes(); k++) {
            dev.jacobilens.store.ChipState[] stored = dev.jacobilens.store.Metrics.chipStates(random, k);
            ChipState[] ours = calculator.states(random, k, true);
            for (int i = 0; i < stored.length; i++) {
                assertEquals(stored[i].name(), ours[i].name(), "iteration " + k + " position " + i);
            }
        }
    }

    @Test
    void positionsAfterTheEndOfTheOutputAreAfterEndConvergedOrNot() {
        // The output ends after position 1 (say position 1 is the EOS): 2 and 3 are no output.
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, NEWLY_ACCEPTED, AFTER_END, AFTER_END},
                calculator.states(block, 1, true, 2));
        assertArrayEquals(new ChipState[] {CORRECT, INCORRECT, AFTER_END, AFTER_END},
                calculator.states(block, 0, true, 2));
        BlockTrajectory partial = new BlockTrajectory(0, 0, block.states().subList(0, 2), new int[] {2},
                new long[] {1});
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED, NEWLY_ACCEPTED, PENDING, AFTER_END},
                calculator.states(partial, 1, false, 3));
    }

    @Test
    void afterEndHasItsOwnLookDistinctFromPending() {
        assertEquals("after end", AFTER_END.label());
        assertEquals("chip-after-end", ChipStyle.cssClass(AFTER_END));
        ChipStyle after = ChipStyle.of(AFTER_END);
        ChipStyle pending = ChipStyle.of(PENDING);
        assertTrue(!after.fill().equals(pending.fill()) && !after.border().equals(pending.border()));
        for (ChipState s : ChipState.values()) {
            assertTrue(ChipStyle.of(s) != null, s + " has a style");
        }
    }

    @Test
    void iterationOutsideTheTrajectoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> calculator.states(block, 3, true));
        assertThrows(IllegalArgumentException.class, () -> calculator.states(block, -1, true));
    }
}
