package dev.jacobilens.store;

import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-built trajectories whose metrics are known, shared by the tests. */
final class Trajectories {
    private Trajectories() {
    }

    static int[] ids(int... ids) {
        return ids;
    }

    static List<int[]> states(int[]... states) {
        return List.of(states);
    }

    /**
     * Block 0 of size 5, fixed point [10 11 12 13 14]. The guess has position 3 right by luck and
     * it never changes again, so it is stationary in states 0 and 1 (position 2 is wrong there).
     * Accepted prefix after each pass: 1, 2, 4, 5 (from the common prefixes of consecutive states).
     */
    static BlockTrajectory stationaryBlock() {
        return new BlockTrajectory(0, 0, states(
                ids(10, 90, 91, 13, 92),
                ids(10, 11, 93, 13, 94),
                ids(10, 11, 12, 13, 95),
                ids(10, 11, 12, 13, 14),
                ids(10, 11, 12, 13, 14)),
                ids(1, 1, 2, 1), new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000});
    }

    /** A block of size 3 whose guess is already the fixed point: one pass accepts all 3. */
    static BlockTrajectory perfectGuessBlock(int index, int start) {
        return new BlockTrajectory(index, start, states(ids(20, 21, 22), ids(20, 21, 22)),
                ids(3), new long[] {500_000});
    }

    static ModelInfo model(String name) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("hidden_size", 64);
        config.put("num_layers", 2);
        config.put("model_type", "llama");
        return new ModelInfo(name, "/models/" + name, "ab12", config);
    }

    /**
     * A Jacobi recording of two blocks of 5: the stationary block (4 passes), then a block whose
     * guess was perfect (1 pass) and that holds the EOS (id 2) at its position 2, followed by two
     * ids after the end. 10 accepted tokens, of which the output is the first 8 (EOS included),
     * in 1 + 5 forward passes; 15 ms of block passes.
     */
    static Recording jacobiRecording() {
        BlockTrajectory second = new BlockTrajectory(1, 5, states(ids(15, 16, 2, 40, 41), ids(15, 16, 2, 40, 41)),
                ids(5), new long[] {5_000_000});
        Map<Integer, String> strings = new LinkedHashMap<>();
        for (int id : new int[] {1, 2, 10, 11, 12, 13, 14, 15, 16, 40, 41}) {
            strings.put(id, "t" + id);
        }
        return new Recording(model("tiny"), new DecodeSettings(Jacobi.of(5), 7, 16, "cpu"),
                "Hi \"there\"", ids(1, 3), 5_000_000, List.of(stationaryBlock(), second),
                ids(10, 11, 12, 13, 14, 15, 16, 2), "t10 t11, \"t12\"", StopReason.EOS, strings, 25_000_000,
                Instant.parse("2026-01-02T03:04:05Z"));
    }

    /** An autoregressive recording of the given tokens: blocks of one, states [t],[t]. */
    static Recording arRecording(int... tokens) {
        List<BlockTrajectory> blocks = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            blocks.add(new BlockTrajectory(i, i, states(ids(tokens[i]), ids(tokens[i])), ids(1),
                    new long[] {1_000_000}));
        }
        return new Recording(model("tiny"), new DecodeSettings(Autoregressive.INSTANCE, 0, tokens.length, "cpu"),
                "Hi", ids(1, 2), 2_000_000, blocks, tokens, "out", StopReason.MAX_NEW_TOKENS, Map.of(),
                2_000_000 + tokens.length * 1_000_000L, Instant.parse("2026-01-02T03:04:05Z"));
    }

    /** The same blocks labelled Jacobi with block size 1 (Jacobi n=1 is AR): what the CLLM format can hold. */
    static Recording asJacobiOfOne(Recording r) {
        return new Recording(r.model(), r.settings().withMethod(Jacobi.of(1)), r.promptText(), r.promptIds(), r.prefillNanos(),
                r.blocks(), r.outputIds(), r.outputText(), r.stopReason(), r.tokenStrings(), r.elapsedNanos(),
                r.createdAt());
    }
}
