package dev.jacobilens.store;

import static dev.jacobilens.store.Trajectories.ids;
import static dev.jacobilens.store.Trajectories.states;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockTrajectoryTest {

    @Test
    void acceptedCountsFollowTheCommonPrefixOfConsecutiveStates() {
        BlockTrajectory block = Trajectories.stationaryBlock();
        assertArrayEquals(block.acceptedPerPass(), BlockTrajectory.acceptedFromStates(block.states()));
    }

    @Test
    void acceptedPrefixNeverShrinksEvenIfALaterStateDisagreesEarlier() {
        // State 2 changes position 0 (impossible for a greedy decode, possible in augmented data):
        // the prefix accepted by pass 1 stays accepted.
        List<int[]> states = states(ids(1, 2, 9), ids(1, 2, 3), ids(7, 2, 3), ids(7, 2, 3));
        assertArrayEquals(ids(2, 0, 1), BlockTrajectory.acceptedFromStates(states));
    }

    @Test
    void aBlockOfOneIsAutoregressive() {
        BlockTrajectory ar = BlockTrajectory.fromStates(0, 0, states(ids(5), ids(5)));
        assertEquals(1, ar.passes());
        assertArrayEquals(ids(1), ar.acceptedPerPass());
        assertArrayEquals(new long[] {0}, ar.passNanos());
    }

    @Test
    void statesOfDifferentLengthAreRejectedNamingBlockAndState() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BlockTrajectory(3, 0,
                states(ids(1, 2), ids(1, 2, 3)), ids(2), new long[1]));
        assertTrue(e.getMessage().contains("block 3: state 1 has 3 ids but state 0 has 2"), e.getMessage());
    }

    @Test
    void negativeIdsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BlockTrajectory(0, 0,
                states(ids(1, -4), ids(1, 2)), ids(2), new long[1]));
        assertTrue(e.getMessage().contains("negative token id -4 at position 1"), e.getMessage());
    }

    @Test
    void countsMustMatchThePasses() {
        assertThrows(IllegalArgumentException.class, () -> new BlockTrajectory(0, 0,
                states(ids(1), ids(1)), ids(1, 0), new long[1]));
        assertThrows(IllegalArgumentException.class, () -> new BlockTrajectory(0, 0,
                states(ids(1), ids(1)), ids(1), new long[2]));
        assertThrows(IllegalArgumentException.class, () -> new BlockTrajectory(0, 0,
                states(ids(1, 2), ids(1, 2)), ids(3), new long[1]));
        assertThrows(IllegalArgumentException.class, () -> new BlockTrajectory(0, 0,
                List.of(), ids(), new long[0]));
    }

    @Test
    void equalityComparesContentsNotArrayIdentity() {
        assertEquals(Trajectories.stationaryBlock(), Trajectories.stationaryBlock());
        assertEquals(Trajectories.stationaryBlock().hashCode(), Trajectories.stationaryBlock().hashCode());
        assertNotEquals(Trajectories.stationaryBlock(), Trajectories.perfectGuessBlock(0, 0));
        assertEquals(Trajectories.jacobiRecording(), Trajectories.jacobiRecording());
    }

    @Test
    void recordingRejectsOverlappingBlocks() {
        Recording r = Trajectories.jacobiRecording();
        var e = assertThrows(IllegalArgumentException.class, () -> new Recording(r.model(), r.settings(),
                r.promptText(), r.promptIds(), 0, List.of(r.blocks().get(0), Trajectories.perfectGuessBlock(1, 3)),
                r.outputIds(), r.outputText(), r.stopReason(), r.tokenStrings(), 0, null));
        assertTrue(e.getMessage().contains("does not follow block 0"), e.getMessage());
    }
}
