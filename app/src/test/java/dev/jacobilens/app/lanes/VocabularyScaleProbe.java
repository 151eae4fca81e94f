package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A measurement, run by hand (not a test): what drawing a lane costs per forward pass (the text,
 * the block's chips and its trajectory grid: {@link LaneFrames#snapshot}) for decodes whose ids
 * come from a 133-token and from a 151,936-token (Qwen2) vocabulary. The work should depend on
 * the block and the output, never on the vocabulary: a recording holds the strings of the ids
 * it contains, not the vocabulary's.
 *
 * <pre>java -cp app/target/test-classes:app/target/classes:$(cat app/target/classpath.txt) \
 *     dev.jacobilens.app.lanes.VocabularyScaleProbe</pre>
 */
public final class VocabularyScaleProbe {
    private VocabularyScaleProbe() {
    }

    public static void main(String[] args) {
        for (int round = 0; round < 3; round++) { // the first round warms the JIT up
            for (int vocab : new int[] {133, 4_096, 32_000, 151_936}) {
                Recording r = recording(vocab, 16, 16, 7);
                LaneFrames frames = new LaneFrames(LaneTrace.of(r), new StoreChipStates());
                LaneTrace trace = frames.trace();
                int passes = trace.passCount();
                int repeats = 200;
                long start = System.nanoTime();
                for (int k = 0; k < repeats; k++) {
                    for (int p = 1; p <= passes; p++) {
                        frames.snapshot(trace.position(p));
                    }
                }
                double us = (System.nanoTime() - start) / 1e3 / (repeats * (double) passes);
                if (round > 0) {
                    System.out.printf("vocabulary %,7d: %d blocks of 16, %d passes, %d token strings, %.1f us per pass drawn%n",
                            vocab, r.blocks().size(), passes, r.tokenStrings().size(), us);
                }
            }
        }
    }

    /** Blocks that converge over a few passes, ids spread over the whole vocabulary. */
    static Recording recording(int vocab, int blocks, int n, long seed) {
        Random rng = new Random(seed);
        List<BlockTrajectory> out = new ArrayList<>();
        Map<Integer, String> strings = new HashMap<>();
        List<Integer> output = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            int[] fixed = new int[n];
            for (int i = 0; i < n; i++) {
                fixed[i] = rng.nextInt(vocab);
            }
            List<int[]> states = new ArrayList<>();
            int[] state = new int[n];
            for (int i = 0; i < n; i++) {
                state[i] = rng.nextInt(vocab);
            }
            states.add(state.clone());
            List<Integer> accepted = new ArrayList<>();
            int done = 0;
            while (done < n) {
                int a = Math.min(n - done, 1 + rng.nextInt(4));
                for (int i = done; i < n; i++) {
                    state[i] = i < done + a ? fixed[i] : rng.nextInt(vocab);
                }
                done += a;
                accepted.add(a);
                states.add(state.clone());
            }
            long[] nanos = new long[accepted.size()];
            java.util.Arrays.fill(nanos, 1000);
            out.add(new BlockTrajectory(b, b * n, states, accepted.stream().mapToInt(Integer::intValue).toArray(), nanos));
            for (int[] s : states) {
                for (int id : s) {
                    strings.put(id, "\u2581w" + id);
                }
            }
            for (int id : fixed) {
                output.add(id);
            }
        }
        return new Recording(new ModelInfo("probe-" + vocab, null, null, Map.of("vocab_size", vocab)),
                new DecodeSettings(dev.jacobilens.store.method.Jacobi.of(n), seed, blocks * n, "cpu"), "probe", new int[] {1, 2, 3}, 1000,
                out, output.stream().mapToInt(Integer::intValue).toArray(), "probe", dev.jacobilens.store.StopReason.MAX_NEW_TOKENS, strings, 1_000_000,
                Instant.EPOCH);
    }
}
