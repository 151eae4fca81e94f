package dev.jacobilens.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configs of architectures or features the engine does not run are refused by name, with the file. */
class ArchitectureConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path qwen2With(Path tmp, Consumer<ObjectNode> edit) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Path source = Fixtures.qwen2("qwen2-tied-f32");
        for (String f : new String[] {"model.safetensors", "tokenizer.json"}) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        ObjectNode config = (ObjectNode) JSON.readTree(source.resolve("config.json").toFile());
        edit.accept(config);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        return dir;
    }

    private static String refusal(Path dir) {
        String m = assertThrows(EngineException.class, () -> Models.load(dir, "cpu").close()).getMessage();
        assertTrue(m.startsWith(dir.resolve("config.json").toString()), m);
        return m;
    }

    @Test
    void anUnknownArchitectureListsTheSupportedOnes(@TempDir Path tmp) throws IOException {
        String m = refusal(qwen2With(tmp.resolve("a"), c -> {
            c.put("model_type", "gemma2");
            c.putArray("architectures").add("Gemma2ForCausalLM");
        }));
        assertTrue(m.contains("unsupported architecture: model_type 'gemma2'") && m.contains("LlamaForCausalLM (model_type llama)")
                && m.contains("Qwen2ForCausalLM (model_type qwen2)") && m.contains("MistralForCausalLM"), m);
        m = refusal(qwen2With(tmp.resolve("b"), c -> c.put("model_type", "llama")));
        assertTrue(m.contains("name different models"), m);
    }

    @Test
    void slidingWindowAttentionIsRefusedByName(@TempDir Path tmp) throws IOException {
        String m = refusal(qwen2With(tmp.resolve("a"), c -> c.put("use_sliding_window", true)));
        assertTrue(m.contains("use_sliding_window=true is not supported"), m);
        m = refusal(qwen2With(tmp.resolve("b"), c -> c.putArray("layer_types").add("full_attention").add("sliding_attention")));
        assertTrue(m.contains("layer_types lists 'sliding_attention'"), m);
    }

    @Test
    void aMistralSlidingWindowBoundsTheContext(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mistral"));
        Path source = Fixtures.qwen2("mistral-f32");
        for (String f : new String[] {"model.safetensors", "tokenizer.json"}) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        ObjectNode config = (ObjectNode) JSON.readTree(source.resolve("config.json").toFile());
        config.put("sliding_window", 64);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        try (LoadedModel m = Models.load(dir, "cpu")) {
            assertEquals(64, m.model().config().maxPositionEmbeddings());
        }
    }

    @Test
    void quantisedCheckpointsAreRefused(@TempDir Path tmp) throws IOException {
        String m = refusal(qwen2With(tmp, c -> c.putObject("quantization_config").put("quant_method", "gptq")));
        assertTrue(m.contains("quantization_config is set (gptq)"), m);
    }
}
