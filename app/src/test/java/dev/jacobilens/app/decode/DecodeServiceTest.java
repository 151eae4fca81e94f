package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.ModelHandle;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real decodes of the fixture checkpoint, with a stand-in UI thread. */
class DecodeServiceTest {
    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "stand-in-ui"));
    private final Set<String> decodeThreads = ConcurrentHashMap.newKeySet();

    /** Loads the real model and notes which thread each decode runs on. */
    private ModelHandle load(Path dir, String device, java.util.function.Consumer<String> progress) {
        ModelHandle real = Models.load(dir, device, progress);
        return new ModelHandle() {
            public ModelInfo info() { return real.info(); }
            public String device() { return real.device(); }
            public int[] encode(String text) { return real.encode(text); }
            public String decodeText(int[] ids) { return real.decodeText(ids); }
            public String tokenString(int id) { return real.tokenString(id); }
            public void close() { real.close(); }

            public Recording decode(String prompt, DecodeSettings settings, ModelHandle draft, DecodeListener listener,
                                    Cancellation cancel) {
                decodeThreads.add(Thread.currentThread().getName());
                return real.decode(prompt, settings, draft, listener, cancel);
            }
        };
    }

    @Test
    void livePassesRebuildTheFinishedRecordingOfBothLanes() throws Exception {
        DecodeService service = new DecodeService(this::load, ui);
        RecordingCallbacks callbacks = new RecordingCallbacks();
        service.start(new DecodeRequest("the cat has 3 apples", Map.of(Lane.STANDARD, Fixtures.tinyLlama(),
                Lane.CONSISTENCY, Fixtures.tinyLlama()), 8, 32, "cpu", 0, true), callbacks);
        assertTrue(callbacks.done.await(120, TimeUnit.SECONDS));
        ui.submit(() -> { }).get();

        assertEquals(List.of("started STANDARD", "finished STANDARD", "started CONSISTENCY", "finished CONSISTENCY", "done"),
                callbacks.events, "lanes one after the other, each finished after its passes");
        assertEquals(Set.of("jacobi-lens-decoder"), decodeThreads);
        for (Lane lane : Lane.values()) {
            Recording recording = callbacks.recordings.get(lane);
            LaneTrace live = callbacks.live.get(lane);
            LaneTrace recorded = LaneTrace.of(recording);
            assertEquals(recorded.passCount(), live.passCount(), lane + ": every pass arrived");
            for (int b = 0; b < recorded.blocks().size(); b++) {
                List<int[]> expected = recorded.blocks().get(b).trajectory().states();
                List<int[]> actual = live.blocks().get(b).trajectory().states();
                for (int k = 0; k < expected.size(); k++) {
                    assertArrayEquals(expected.get(k), actual.get(k), lane + " block " + b + " state " + k);
                }
            }
            for (int id : recording.outputIds()) {
                assertEquals(recording.tokenStrings().get(id), live.token(id), "live token strings come from the model");
            }
            assertEquals(recording.outputIds().length, callbacks.ar.get(lane).tokens(), "AR gives the same tokens");
        }
        service.close();
    }

    @Test
    void eachModelIsWarmedUpOnceBeforeItsFirstTimedDecode() throws Exception {
        List<String> decodes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ModelLoader counting = (dir, device, progress) -> {
            decodes.add("load " + dir.getFileName());
            return new CountingModel(dir.getFileName().toString(), decodes);
        };
        DecodeService service = new DecodeService(counting, ui);
        DecodeRequest request = new DecodeRequest("the cat", Map.of(Lane.STANDARD, Path.of("/m/standard"),
                Lane.CONSISTENCY, Path.of("/m/consistency")), 4, 32, "cpu", 0, true);
        RecordingCallbacks first = new RecordingCallbacks();
        service.start(request, first);
        assertTrue(first.done.await(30, TimeUnit.SECONDS));
        ui.submit(() -> { }).get();
        // Warm-up: a short Jacobi and AR decode (max(2n, 8) = 8 tokens) right after loading, then the
        // timed Jacobi run and its AR reference with the requested 32 tokens.
        assertEquals(List.of("load standard", "standard jacobi 8", "standard ar 8", "standard jacobi 32",
                "standard ar 32", "load consistency", "consistency jacobi 8", "consistency ar 8",
                "consistency jacobi 32", "consistency ar 32"), decodes);
        // What the lanes show are the timed decodes (calls 3 and 4 of the model), not the warm-ups.
        assertEquals(3, first.recordings.get(Lane.STANDARD).elapsedNanos());
        assertEquals(4, first.ar.get(Lane.STANDARD).wallNanos());

        decodes.clear();
        RecordingCallbacks second = new RecordingCallbacks();
        service.start(request, second);
        assertTrue(second.done.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("standard jacobi 32", "standard ar 32", "consistency jacobi 32", "consistency ar 32"),
                decodes, "loaded models are warm already");
        service.close();
    }

    /** Decodes nothing: answers every call with a 3-token recording whose elapsed time counts the calls. */
    private static final class CountingModel implements ModelHandle {
        private final String name;
        private final List<String> decodes;
        private int calls;

        CountingModel(String name, List<String> decodes) {
            this.name = name;
            this.decodes = decodes;
        }

        public ModelInfo info() { return new ModelInfo(name, null, null, Map.of()); }
        public String device() { return "cpu"; }
        public int[] encode(String text) { return new int[] {1}; }
        public String decodeText(int[] ids) { return ""; }
        public String tokenString(int id) { return "t" + id; }
        public void close() { }

        public Recording decode(String prompt, DecodeSettings s, ModelHandle draft, DecodeListener listener,
                                Cancellation cancel) {
            decodes.add(name + " " + s.method().id() + " " + s.maxNewTokens());
            calls++;
            List<dev.jacobilens.store.BlockTrajectory> blocks = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                blocks.add(new dev.jacobilens.store.BlockTrajectory(i, i, List.of(new int[] {5 + i}, new int[] {5 + i}),
                        new int[] {1}, new long[] {1}));
            }
            return new Recording(info(), s.onDevice(device()), prompt, new int[] {1}, 0, blocks, new int[] {5, 6, 7}, "",
                    dev.jacobilens.store.StopReason.EOS, Map.of(), calls, null);
        }
    }

    @Test
    void aBadModelDirectoryFailsItsLaneOnly() throws Exception {
        DecodeService service = new DecodeService(this::load, ui);
        RecordingCallbacks callbacks = new RecordingCallbacks();
        service.start(new DecodeRequest("the cat", Map.of(Lane.STANDARD, Path.of("/no/such/model"),
                Lane.CONSISTENCY, Fixtures.tinyLlama()), 4, 8, "cpu", 0, false), callbacks);
        assertTrue(callbacks.done.await(120, TimeUnit.SECONDS));
        ui.submit(() -> { }).get();
        assertEquals(List.of("failed STANDARD", "started CONSISTENCY", "finished CONSISTENCY", "done"), callbacks.events);
        assertTrue(callbacks.failures.get(Lane.STANDARD).contains("/no/such/model"), callbacks.failures.get(Lane.STANDARD));
        service.close();
    }

    @Test
    void cancellingStopsWithinAPass() throws Exception {
        DecodeService service = new DecodeService(this::load, ui);
        RecordingCallbacks callbacks = new RecordingCallbacks();
        Cancellation[] cancel = new Cancellation[1];
        cancel[0] = service.start(new DecodeRequest("the cat", Map.of(Lane.STANDARD, Fixtures.tinyLlama(),
                Lane.CONSISTENCY, Fixtures.tinyLlama()), 4, 400, "cpu", 0, true), new DecodeCallbacks() {
                    public void status(String message, double progress) { }
                    public void laneStarted(Lane lane) { callbacks.laneStarted(lane); }
                    public void passes(List<LivePass> batch) {
                        callbacks.passes(batch);
                        if (cancel[0] != null) {
                            cancel[0].cancel();
                        }
                    }
                    public void laneFinished(Lane lane, Recording r, dev.jacobilens.store.ArTiming ar) {
                        callbacks.laneFinished(lane, r, ar);
                    }
                    public void laneFailed(Lane lane, String message) { callbacks.laneFailed(lane, message); }
                    public void finished(boolean cancelled) { callbacks.finished(cancelled); }
                });
        assertTrue(callbacks.done.await(120, TimeUnit.SECONDS));
        ui.submit(() -> { }).get();
        assertTrue(callbacks.cancelled);
        assertEquals(List.of("started STANDARD", "finished STANDARD", "done"), callbacks.events,
                "the consistency lane never starts");
        assertEquals(dev.jacobilens.store.StopReason.CANCELLED, callbacks.recordings.get(Lane.STANDARD).stopReason());
        assertTrue(callbacks.ar.isEmpty(), "no AR timing for a cancelled run");
        service.close();
    }

    @Test
    void closeWaitsForARunningDecodeToReachItsPassBoundary() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        DecodeService service = new DecodeService((dir, device, progress) -> {
            ModelHandle real = load(dir, device, progress);
            return new ModelHandle() {
                public ModelInfo info() { return real.info(); }
                public String device() { return real.device(); }
                public int[] encode(String text) { return real.encode(text); }
                public String decodeText(int[] ids) { return real.decodeText(ids); }
                public String tokenString(int id) { return real.tokenString(id); }
                public void close() { real.close(); }

                public Recording decode(String prompt, DecodeSettings settings, ModelHandle draft,
                                        DecodeListener listener, Cancellation cancel) {
                    inside.countDown();
                    while (!cancel.isCancelled()) {
                        Thread.onSpinWait();
                    }
                    // Stands for the rest of a forward pass (a native call) after the cancel.
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Recording r = real.decode(prompt, settings, draft, listener, new Cancellation());
                    returned.set(true);
                    return r;
                }
            };
        }, ui);
        Cancellation cancel = service.start(new DecodeRequest("the cat", Map.of(Lane.STANDARD, Fixtures.tinyLlama()),
                4, 4, "cpu", 0, false), new RecordingCallbacks());
        assertTrue(inside.await(60, TimeUnit.SECONDS));
        cancel.cancel(); // what closing the window does, then close()
        service.close();
        assertTrue(returned.get(), "close() returned while the decoder was still inside its pass");
    }
}
