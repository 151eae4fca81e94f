package dev.jacobilens.distill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The reference collector's data augmentation ({@code --augment}): more intermediate states per
 * block, made by correcting a random subset of an existing state's wrong tokens to the fixed
 * point. They look like states a better model would pass through, so the consistency loss sees
 * more of the distance between a guess and the fixed point.
 */
public final class Augmentation {
    private Augmentation() {
    }

    /** The trajectory with one augmented state inserted after each state that has 2+ wrong tokens. */
    public static List<int[]> augment(List<int[]> states, Random rng) {
        int[] fixed = states.get(states.size() - 1);
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < states.size() - 1; j++) {
            int[] state = states.get(j);
            out.add(state);
            List<Integer> wrong = new ArrayList<>();
            for (int i = 0; i < state.length; i++) {
                if (state[i] != fixed[i]) {
                    wrong.add(i);
                }
            }
            if (wrong.size() < 2) {
                continue;
            }
            int fix = 1 + rng.nextInt(wrong.size() - 1); // leave at least one wrong token
            java.util.Collections.shuffle(wrong, rng);
            int[] augmented = Arrays.copyOf(state, state.length);
            for (int k = 0; k < fix; k++) {
                augmented[wrong.get(k)] = fixed[wrong.get(k)];
            }
            out.add(augmented);
        }
        out.add(fixed);
        return out;
    }
}
