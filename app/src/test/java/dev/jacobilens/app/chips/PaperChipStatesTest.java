package dev.jacobilens.app.chips;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.store.BlockTrajectory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jacobilens.app.chips.ChipState.ACCEPTED_LOCKED;
import static dev.jacobilens.app.chips.ChipState.CORRECT;
import static dev.jacobilens.app.chips.ChipState.INCORRECT;
import static dev.jacobilens.app.chips.ChipState.NEWLY_ACCEPTED;
import static dev.jacobilens.app.chips.ChipState.PENDING;
import static dev.jacobilens.app.chips.ChipState.STATIONARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaperChipStatesTest {
    private final ChipStateCalculator calculator = new PaperChipStates();
    private final BlockTrajectory block = TestRecordings.twoPassBlock();

    @Test
    void initialGuessIsJudgedAgainstTheFixedPoint() {
        // [10, 20, 12, 21] against [10, 11, 12, 13]: 10 stays to the end, 12 is lost in pass 1.
        assertArrayEquals(new ChipState[] {STATIONARY, INCORRECT, CORRECT, INCORRECT},
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
        assertArrayEquals(new ChipState[] {STATIONARY}, calculator.states(ar, 0, true));
        assertArrayEquals(new ChipState[] {NEWLY_ACCEPTED}, calculator.states(ar, 1, true));
    }

    @Test
    void iterationOutsideTheTrajectoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> calculator.states(block, 3, true));
        assertThrows(IllegalArgumentException.class, () -> calculator.states(block, -1, true));
    }
}
