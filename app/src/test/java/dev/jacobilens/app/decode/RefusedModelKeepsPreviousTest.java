package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.ModelHandle;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model whose files the loader's check refuses (a bad config or template, a cut-short shard)
 * fails its lane before anything is freed: the model the lane had stays loaded, the other lane runs.
 */
class RefusedModelKeepsPreviousTest {
    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private final ModelLoader loader = new ModelLoader() {
        @Override
        public ModelHandle load(Path directory, String device, Consumer<String> progress) {
            log.add("load " + directory.getFileName());
            return new Stub(directory.getFileName().toString());
        }

        @Override
        public void check(Path directory) {
            if (directory.getFileName().toString().equals("broken")) {
                throw new EngineException(directory.resolve("chat_template.jinja") + ": the prompt template cannot be rendered");
            }
        }
    };

    @Test
    void aRefusedModelFailsItsLaneAndThePreviousModelsStay() throws Exception {
        DecodeService service = new DecodeService(loader, ui);
        RecordingCallbacks first = new RecordingCallbacks();
        service.start(new DecodeRequest("p", Map.of(Lane.STANDARD, Path.of("/m/old"), Lane.CONSISTENCY, Path.of("/m/cllm")),
                4, 8, "cpu", 0, false), first);
        assertTrue(first.done.await(30, TimeUnit.SECONDS));

        RecordingCallbacks second = new RecordingCallbacks();
        service.start(new DecodeRequest("p", Map.of(Lane.STANDARD, Path.of("/m/broken"), Lane.CONSISTENCY, Path.of("/m/cllm")),
                4, 8, "cpu", 0, false), second);
        assertTrue(second.done.await(30, TimeUnit.SECONDS));
        ui.submit(() -> { }).get();
        assertTrue(second.failures.get(Lane.STANDARD).contains("chat_template.jinja: the prompt template cannot be rendered"),
                second.failures.toString());
        assertTrue(second.recordings.containsKey(Lane.CONSISTENCY), "the other lane decodes");
        assertEquals(List.of("load old", "load cllm"), log.stream().filter(s -> !s.startsWith("decode")).toList(),
                "nothing reloaded, the broken model never loaded");
        assertTrue(!log.contains("close old"), "the standard lane's previous model is kept: " + log);
        service.close();
    }

    /** Answers every decode with one block; logs closes. */
    private final class Stub implements ModelHandle {
        private final String name;

        Stub(String name) {
            this.name = name;
        }

        public ModelInfo info() { return new ModelInfo(name, null, null, Map.of()); }
        public String device() { return "cpu"; }
        public int[] encode(String text) { return new int[] {1}; }
        public String decodeText(int[] ids) { return ""; }
        public String tokenString(int id) { return "t" + id; }
        public void close() { log.add("close " + name); }

        public Recording decode(String prompt, DecodeSettings s, ModelHandle draft, DecodeListener listener,
                                Cancellation cancel) {
            log.add("decode " + name);
            List<BlockTrajectory> blocks = List.of(new BlockTrajectory(0, 0, List.of(new int[] {5}, new int[] {5}),
                    new int[] {1}, new long[] {1}));
            return new Recording(info(), s.onDevice("cpu"),
                    prompt, new int[] {1}, 0, blocks, new int[] {5}, "", dev.jacobilens.store.StopReason.EOS, Map.of(), 1, null);
        }
    }
}
