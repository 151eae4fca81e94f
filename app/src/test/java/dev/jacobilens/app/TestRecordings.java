package dev.jacobilens.app;

import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Hand-built recordings with known trajectories, for tests that need no model. */
public final class TestRecordings {
    private TestRecordings() {
    }

    /**
     * One block of n=4 whose fixed point is [10, 11, 12, 13], converging in 2 passes:
     * s0 = [10, 20, 12, 21], s1 = [10, 11, 22, 13] (accepts 2), s2 = [10, 11, 12, 13] (accepts 2).
     */
    public static BlockTrajectory twoPassBlock() {
        return new BlockTrajectory(0, 0, List.of(
                new int[] {10, 20, 12, 21},
                new int[] {10, 11, 22, 13},
                new int[] {10, 11, 12, 13}), new int[] {2, 2}, new long[] {1_000_000, 1_000_000});
    }

    public static Recording recording(String model, List<BlockTrajectory> blocks) {
        int n = blocks.get(0).size();
        List<Integer> output = new ArrayList<>();
        Map<Integer, String> tokens = new HashMap<>();
        for (BlockTrajectory b : blocks) {
            for (int id : b.fixedPoint()) {
                output.add(id);
            }
            for (int[] state : b.states()) {
                for (int id : state) {
                    tokens.put(id, "\u2581t" + id);
                }
            }
        }
        long nanos = 0;
        for (BlockTrajectory b : blocks) {
            nanos += Arrays.stream(b.passNanos()).sum();
        }
        return new Recording(new ModelInfo(model, "/models/" + model, null, Map.of("hidden_size", 64)),
                new DecodeSettings(dev.jacobilens.store.method.Jacobi.of(n), 0, output.size(), "cpu()"), "What is 2 + 3?",
                new int[] {1, 5, 6}, 500_000, blocks, output.stream().mapToInt(Integer::intValue).toArray(),
                "answer", dev.jacobilens.store.StopReason.MAX_NEW_TOKENS, tokens, nanos + 500_000, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /**
     * A plausible Jacobi trajectory: each pass accepts between 1 and {@code maxAccept} tokens and
     * the unaccepted positions are random until the block converges. Deterministic per seed.
     */
    public static BlockTrajectory randomBlock(int index, int n, int maxAccept, long seed) {
        Random random = new Random(seed);
        int[] fixed = new int[n];
        for (int i = 0; i < n; i++) {
            fixed[i] = 100 + index * n + i;
        }
        List<int[]> states = new ArrayList<>();
        List<Integer> accepted = new ArrayList<>();
        int[] state = new int[n];
        state[0] = fixed[0];
        for (int i = 1; i < n; i++) {
            state[i] = random.nextInt(4) == 0 ? fixed[i] : 40 + random.nextInt(50);
        }
        states.add(state.clone());
        int done = 0;
        while (done < n) {
            int accept = Math.min(n - done, 1 + random.nextInt(maxAccept));
            done += accept;
            int[] next = state.clone();
            for (int i = 0; i < n; i++) {
                next[i] = i < done || random.nextInt(3) == 0 ? fixed[i] : 40 + random.nextInt(50);
            }
            if (done == n) {
                next = fixed.clone();
            }
            states.add(next);
            accepted.add(accept);
            state = next;
        }
        long[] nanos = new long[accepted.size()];
        Arrays.fill(nanos, 2_000_000);
        return new BlockTrajectory(index, index * n, states, accepted.stream().mapToInt(Integer::intValue).toArray(), nanos);
    }

    /** A comparison where the standard lane needs many more passes per block than the consistency lane. */
    public static Comparison comparison(int blocks, int n) {
        List<BlockTrajectory> standard = new ArrayList<>();
        List<BlockTrajectory> consistency = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            standard.add(randomBlock(b, n, 2, 1000 + b));
            consistency.add(randomBlock(b, n, Math.max(2, n / 2), 2000 + b));
        }
        Recording s = recording("standard-tiny", standard);
        Recording c = recording("cllm-tiny", consistency);
        int tokens = s.outputIds().length;
        return new Comparison("What is 2 + 3?", s, c, new ArTiming(tokens + 1, tokens, 4_000_000L * tokens, "cpu()"),
                new ArTiming(tokens + 1, tokens, 4_000_000L * tokens, "cpu()"));
    }
}
