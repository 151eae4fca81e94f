package dev.jacobilens.distill;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** States made from a fixed point: right prefix, a wrong token, then noise drawn from the text before. */
class NoisedStatesTest {
    private static final int EOS = 2;
    private static final int[] PREFIX = {1, 10, 11, 12, 13, 14};

    private static TrajectoryData.Block block(int[] fixed) {
        return new TrajectoryData.Block(4, PREFIX, List.of(new int[fixed.length], fixed), null);
    }

    @Test
    void keepsARightPrefixThenOneWrongTokenAndDrawsNoiseFromThePrefix() {
        int[] fixed = {20, 21, 22, 23, 24, 25, 26, 27};
        Random rng = new Random(7);
        int[] firstWrongSeen = new int[fixed.length];
        for (int trial = 0; trial < 2000; trial++) {
            int[] state = NoisedStates.of(block(fixed), EOS, rng);
            assertEquals(fixed.length, state.length);
            assertEquals(fixed[0], state[0], "the block's first token is always known");
            int firstWrong = Arrays.mismatch(state, fixed);
            assertTrue(firstWrong >= 1, "a noised state differs from the fixed point");
            firstWrongSeen[firstWrong]++;
            for (int i = firstWrong; i < state.length; i++) {
                if (state[i] != fixed[i]) {
                    int token = state[i];
                    assertTrue(Arrays.stream(PREFIX).anyMatch(p -> p == token), "noise comes from the prefix");
                }
            }
        }
        for (int k = 1; k < fixed.length; k++) {
            assertTrue(firstWrongSeen[k] > 150, "first wrong position " + k + " is drawn uniformly: "
                    + Arrays.toString(firstWrongSeen));
        }
    }

    @Test
    void noiseStopsMatteringAfterEos() {
        int[] fixed = {20, 21, EOS, 40, 41, 42};
        Random rng = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int[] state = NoisedStates.of(block(fixed), EOS, rng);
            int firstWrong = Arrays.mismatch(state, fixed);
            assertTrue(firstWrong == 1 || firstWrong == 2, "the first wrong token is at or before EOS: " + firstWrong);
        }
    }

    @Test
    void aBlockThatEndsAtItsFirstTokenCannotBeNoised() {
        assertNull(NoisedStates.of(block(new int[] {EOS, 5, 5, 5}), EOS, new Random(1)));
    }

    @Test
    void aPoolOfTheRightTokenStillYieldsAWrongOne() {
        TrajectoryData.Block b = new TrajectoryData.Block(1, new int[] {21}, List.of(new int[2], new int[] {20, 21}),
                null);
        int[] state = NoisedStates.of(b, EOS, new Random(1));
        assertNotEquals(21, state[1]);
    }
}
