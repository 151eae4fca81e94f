package dev.jacobilens.engine.bench;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.decode.PassProfile;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.Lookahead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile records each pass's shape as the decoder ran it, changes nothing, and feeds the loop table. */
class LoopBenchmarkTest {
    @TempDir
    Path tmp;

    private static final int[] PROMPT = {5, 9, 17, 33, 8};

    @Test
    void profileRecordsEveryPassAfterThePromptPassAndChangesNoOutput() throws Exception {
        Path dir = TestCheckpoints.write(tmp.resolve("m"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 256, 7);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            DecodeOutcome plain = AutoregressiveDecoder.decode(m.model(), PROMPT, 40, DecodeListener.NONE,
                    new Cancellation());
            PassProfile p = PassProfile.start(m.model());
            DecodeOutcome ar;
            try {
                ar = AutoregressiveDecoder.decode(m.model(), PROMPT, 40, DecodeListener.NONE, new Cancellation());
            } finally {
                p.stop();
            }
            assertArrayEquals(plain.outputIds(), ar.outputIds());
            assertEquals(ar.forwardPasses() - 1, p.passes());
            assertEquals(1, p.decodes());
            for (int i = 0; i < p.passes(); i++) {
                assertEquals(1, p.tokens(i));
                assertEquals(PROMPT.length + i, p.cacheLength(i), "AR pass " + i + " runs on the prompt and i tokens");
            }
            assertTrue(p.loopNanos() > 0 && p.arrays() > 0);
            assertTrue(p.phaseNanos(PassProfile.Phase.FORWARD) > 0);

            // Jacobi: a block's pass k runs the unaccepted rest of the block after its accepted prefix
            PassProfile q = PassProfile.start(m.model());
            DecodeOutcome jacobi;
            try {
                jacobi = JacobiDecoder.decode(m.model(), PROMPT, 7, 40, 3, DecodeListener.NONE, new Cancellation());
            } finally {
                q.stop();
            }
            assertArrayEquals(plain.outputIds(), jacobi.outputIds());
            assertEquals(jacobi.forwardPasses() - 1, q.passes());
            int pass = 0;
            for (BlockTrajectory b : jacobi.blocks()) {
                int accepted = 0;
                for (int k = 0; k < b.passes(); k++, pass++) {
                    assertEquals(b.size() - accepted, q.tokens(pass));
                    assertEquals(PROMPT.length + b.start() + accepted, q.cacheLength(pass));
                    accepted += b.acceptedPerPass()[k];
                }
            }

            // off: a profile stopped (or started for another model) records nothing
            JacobiDecoder.decode(m.model(), PROMPT, 7, 40, 3, DecodeListener.NONE, new Cancellation());
            assertEquals(jacobi.forwardPasses() - 1, q.passes());
        }
    }

    @Test
    void loopTableHasARowPerMethodWithTheSamePassesReplayed() throws Exception {
        Path dir = TestCheckpoints.write(tmp.resolve("m"), 4, 2, true, "F16", RopeForm.PARAMETERS, 10000, 256, 11);
        try (LoadedModel m = Models.load(dir, "cpu")) {
            List<LoopBenchmark.Row> rows = LoopBenchmark.run(m, List.of(Autoregressive.INSTANCE, Jacobi.of(8),
                    Lookahead.DEFAULT), List.of("a b c", "d e f g"), 24, 0, 1);
            assertEquals(3, rows.size());
            for (LoopBenchmark.Row r : rows) {
                assertEquals(2, r.decodes());
                assertTrue(r.passes() > 0, r.method().id());
                assertEquals(r.timing().loopPasses(), r.timing().forwardPasses());
                assertTrue(r.timing().loopNanos() > 0 && r.timing().forwardNanos() > 0);
                assertTrue(r.arraysPerPass() > 10, "a forward pass creates many arrays: " + r.arraysPerPass());
            }
            assertEquals(1.0, rows.get(0).newTokens() / (double) rows.get(0).passes(), 1e-12);
            assertTrue(rows.get(2).phaseMicrosPerPass(PassProfile.Phase.CACHE) >= 0);
        }
    }
}
