package dev.jacobilens.engine;

import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.store.BlockTrajectory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's guarantee: greedy Jacobi decoding returns exactly the greedy autoregressive
 * output, for any prompt, block size and seed, on checkpoints of every supported kind
 * (F16/BF16/F32 files, grouped-query and multi-head attention, tied and untied embeddings,
 * both spellings of the RoPE config).
 */
class JacobiEqualsAutoregressiveTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} heads/{1} kv, tied={2}, {3}, {4}")
    @CsvSource({
        "4, 4, false, F16,  LEGACY,     10000",
        "4, 2, true,  BF16, PARAMETERS, 10000",
        "6, 2, false, F32,  LEGACY,     500000",
        "4, 1, true,  F16,  PARAMETERS, 10000",
    })
    void jacobiOutputEqualsAutoregressiveOutput(int heads, int kv, boolean tied, String dtype, RopeForm rope,
                                                double theta) throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("m"), heads, kv, tied, dtype, rope, theta, 256, heads * 31L + kv);
        Random rng = new Random(heads * 1000L + kv);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            int generated = 0;
            for (int trial = 0; trial < 12; trial++) {
                int[] prompt = new int[1 + rng.nextInt(20)];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = 4 + rng.nextInt(97);
                }
                int maxNew = 1 + rng.nextInt(90);
                DecodeOutcome ar = AutoregressiveDecoder.decode(m.model(), prompt, maxNew, DecodeListener.NONE,
                        new Cancellation());
                generated += ar.outputIds().length;
                for (int n : new int[] {1, 2, 7, 16, 64}) {
                    long seed = rng.nextLong();
                    DecodeOutcome jacobi = JacobiDecoder.decode(m.model(), prompt, n, maxNew, seed,
                            DecodeListener.NONE, new Cancellation());
                    String what = "prompt " + Arrays.toString(prompt) + " n=" + n + " seed=" + seed;
                    assertArrayEquals(ar.outputIds(), jacobi.outputIds(), what);
                    assertEquals(ar.stopReason(), jacobi.stopReason(), what);
                    checkTrajectories(jacobi, what);
                }
            }
            assertTrue(generated > 150, "the random models should generate more than a few tokens, got " + generated);
        }
    }

    /** Every block: states of one length, accepted counts summing to it, at most n passes. */
    private static void checkTrajectories(DecodeOutcome outcome, String what) {
        int start = 0;
        for (BlockTrajectory b : outcome.blocks()) {
            assertEquals(start, b.start(), what);
            assertEquals(b.size(), Arrays.stream(b.acceptedPerPass()).sum(), what);
            assertTrue(b.passes() >= 1 && b.passes() <= b.size(), what);
            assertEquals(b.passes() + 1, b.states().size(), what);
            for (int[] s : b.states()) {
                assertEquals(b.size(), s.length, what);
            }
            start += b.size();
        }
    }
}
