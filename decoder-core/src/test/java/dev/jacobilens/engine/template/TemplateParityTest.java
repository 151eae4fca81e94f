package dev.jacobilens.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The text and ids a model is fed through a prompt template equal what transformers'
 * apply_chat_template(add_generation_prompt=True) gives: fixtures/templates/expected.json, made
 * by transformers 5.18.0 itself (make_expected.py), for the Qwen2.5 instruct chat
 * template (found by auto in tokenizer_config.json), Llama-2 chat, deepseek-coder instruct and
 * the CLLM authors' two prompt formats (assets/templates) and a tojson probe, each for two prompts.
 */
class TemplateParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void renderedTextAndIdsEqualTransformersApplyChatTemplate(@TempDir Path tmp) throws IOException {
        Path fixtures = Fixtures.resource("fixtures/templates");
        JsonNode expected = JSON.readTree(fixtures.resolve("expected.json").toFile());
        assertEquals(12, expected.path("cases").size());
        int n = 0;
        for (JsonNode c : expected.path("cases")) {
            Path dir = modelWith(tmp.resolve("m" + n++), c, fixtures);
            String option = c.path("mode").asText().equals("auto") ? PromptTemplate.AUTO
                    : templateFile(c, fixtures).toString();
            try (LoadedModel model = Models.load(dir, "cpu", option, message -> { })) {
                String prompt = c.path("prompt").asText();
                String what = c.path("name").asText() + " '" + prompt + "'";
                assertEquals(c.path("rendered").asText(), model.promptText(prompt), what);
                int[] ids = ints(c.path("ids"));
                assertArrayEquals(ids, model.promptIds(prompt), what);
                Recording r = model.decode(prompt, new DecodeSettings(Jacobi.of(4), 0, 6, "cpu"),
                        DecodeListener.NONE, new Cancellation());
                assertArrayEquals(ids, r.promptIds(), what + ": the ids the recording says the model saw");
                assertEquals(model.template().name(), r.model().config().get("prompt_template"), what);
            }
        }
    }

    @Test
    void noneAndAutoWithoutATemplateTokenizeThePromptAsTyped(@TempDir Path tmp) throws IOException {
        Path dir = Fixtures.copyOfTinyLlama(tmp);
        try (LoadedModel auto = Models.load(dir, "cpu", PromptTemplate.AUTO, m -> { });
             LoadedModel none = Models.load(dir, "cpu", PromptTemplate.NONE, m -> { });
             LoadedModel plain = Models.load(dir, "cpu")) {
            String prompt = "the cat and the dog";
            assertNull(auto.template());
            assertArrayEquals(plain.encode(prompt), auto.promptIds(prompt));
            assertArrayEquals(plain.encode(prompt), none.promptIds(prompt));
            assertNull(auto.info().config().get("prompt_template"));
        }
    }

    /** A copy of the tiny Qwen2 checkpoint with the case's tokenizer_config.json. */
    static Path modelWith(Path dir, JsonNode c, Path fixtures) throws IOException {
        Files.createDirectories(dir);
        Path source = Fixtures.qwen2("qwen2-tied-f32");
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        ObjectNode config = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("special_tokens").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            config.set(e.getKey(), e.getValue());
        }
        if (c.path("mode").asText().equals("auto")) {
            config.put("chat_template", Files.readString(fixtures.resolve(c.path("template").asText())));
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
        return dir;
    }

    /** assets/templates/... from the project root (tests run in decoder-core/), others beside expected.json. */
    static Path templateFile(JsonNode c, Path fixtures) {
        String t = c.path("template").asText();
        return t.startsWith("assets/") ? Path.of("..").resolve(t).toAbsolutePath().normalize() : fixtures.resolve(t);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
