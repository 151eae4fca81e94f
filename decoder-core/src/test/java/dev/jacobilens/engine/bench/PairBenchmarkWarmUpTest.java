package dev.jacobilens.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.ModelHandle;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pair benchmark warms each model up, untimed and discarded, before it times anything. */
class PairBenchmarkWarmUpTest {
    /** Every decode any fake model made, in order: "model strategy maxNewTokens #call". */
    private final List<String> calls = new ArrayList<>();

    @Test
    void eachModelIsWarmedUpBeforeItsFirstTimedDecodeAndTheWarmUpIsDiscarded() {
        List<Prompt> problems = List.of(new Prompt("one", "#### 1"), new Prompt("two", "#### 2"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PairBenchmark.Result result = PairBenchmark.run((dir, device) -> new CountingModel(dir.toString()),
                Path.of("standard"), Path.of("consistency"), problems, 4, 64, 0, "cpu",
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        // per model: an AR and a Jacobi warm-up of a few blocks, then 2 AR and 2 Jacobi timed decodes
        assertEquals(List.of("standard ar 8 #1", "standard jacobi 8 #2",
                "standard ar 64 #3", "standard ar 64 #4", "standard jacobi 64 #5", "standard jacobi 64 #6",
                "consistency ar 8 #7", "consistency jacobi 8 #8",
                "consistency ar 64 #9", "consistency ar 64 #10", "consistency jacobi 64 #11",
                "consistency jacobi 64 #12"), calls);
        // nothing timed comes from a warm-up decode (their elapsed time is their call number)
        List<Long> timedCalls = new ArrayList<>();
        for (Comparison c : result.comparisons()) {
            timedCalls.add(c.standard().elapsedNanos());
            timedCalls.add(c.consistency().elapsedNanos());
        }
        assertEquals(List.of(5L, 11L, 6L, 12L), timedCalls);
        assertEquals(3 + 4, result.rows().get(0).seconds() * 1e9, 1e-3, "standard AR: calls 3 and 4");

        String log = progress.toString(StandardCharsets.UTF_8);
        assertTrue(log.indexOf("standard: warming up on cpu (untimed)") < log.indexOf("problem 1/2"), log);
        assertTrue(log.contains("standard     ar      problem 2/2: 4 passes, 3 tokens"), log);
        assertFalse(log.contains("problem 0/"), log);
    }

    @Test
    void anExtraMethodIsAFifthRowOfTheConsistencyModelAndLeavesTheComparisonsAlone() {
        List<Prompt> problems = List.of(new Prompt("one", "#### 1"), new Prompt("two", "#### 2"));
        PairBenchmark.Result result = PairBenchmark.run((dir, device) -> new CountingModel(dir.toString()),
                Path.of("standard"), Path.of("consistency"), problems, 4, 64, 0, "cpu",
                dev.jacobilens.store.method.MultiBlock.DEFAULT,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(List.of("standard ar", "standard jacobi", "consistency ar", "consistency jacobi",
                "consistency multiblock"), result.rows().stream().map(r -> r.model() + " " + r.method().id()).toList());
        assertEquals(List.of("consistency multiblock 64 #13", "consistency multiblock 64 #14"), calls.subList(12, 14));
        assertEquals(14, calls.size());
        for (Comparison c : result.comparisons()) {
            assertEquals("jacobi", c.consistency().settings().method().id(), "the comparison stays Jacobi against Jacobi");
        }
    }

    /** Decodes nothing; answers with a 3-token AR-shaped recording whose elapsed time is its call number. */
    private final class CountingModel implements ModelHandle {
        private final String name;

        CountingModel(String name) {
            this.name = name;
        }

        @Override
        public Recording decode(String prompt, DecodeSettings s, ModelHandle draft, DecodeListener listener,
                                Cancellation cancel) {
            calls.add(name + " " + s.method().id() + " " + s.maxNewTokens() + " #" + (calls.size() + 1));
            List<BlockTrajectory> blocks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                blocks.add(new BlockTrajectory(i, i, List.of(new int[] {5 + i}, new int[] {5 + i}), new int[] {1},
                        new long[] {1}));
            }
            return new Recording(info(), s.onDevice(device()), prompt, new int[] {1}, 0, blocks,
                    new int[] {5, 6, 7}, "#### 1", dev.jacobilens.store.StopReason.EOS, Map.of(),
                    calls.size(), null);
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo(name, null, null, Map.of());
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public int[] encode(String text) {
            return new int[] {1};
        }

        @Override
        public String decodeText(int[] ids) {
            return "";
        }

        @Override
        public String tokenString(int id) {
            return "t" + id;
        }

        @Override
        public void close() {
        }
    }
}
