package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decode --template and Qwen2 checkpoints from the command line: the prompt the model saw in the
 * JSON, and bad templates, configs and weights refused in one line naming the file, exit code 2.
 */
class TemplateAndArchitectureCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli().run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path qwen2(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path source = Fixtures.qwen2("qwen2-tied-f32");
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private void assertRefused(String fileNamed, String... args) {
        assertEquals(2, run(args), err());
        String e = err().strip();
        assertTrue(e.contains(fileNamed) && !e.contains("\n") && !e.contains("Exception"), e);
    }

    @Test
    void decodeJsonShowsThePromptTheModelSaw() throws IOException {
        JsonNode expected = JSON.readTree(Fixtures.resource("fixtures/templates/expected.json").toFile()).path("cases").get(2);
        assertEquals("llama-2-chat", expected.path("name").asText());
        Path model = qwen2("m");
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}");
        Path template = Fixtures.resource("fixtures/templates").resolve("llama-2-chat.jinja");
        assertEquals(0, run("decode", "--model", model.toString(), "--prompt", expected.path("prompt").asText(),
                "--template", template.toString(), "--max-new-tokens", "4", "--device", "cpu", "--json"), err());
        JsonNode j = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("llama-2-chat.jinja", j.path("prompt_template").asText());
        assertEquals(expected.path("rendered").asText(), j.path("prompt_text").asText());
        assertEquals(expected.path("ids"), j.path("prompt_ids"));

        assertEquals(0, run("decode", "--model", model.toString(), "--prompt", "the cat", "--template", "none",
                "--max-new-tokens", "4", "--device", "cpu", "--json"), err());
        j = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertTrue(j.path("prompt_template").isNull());
        assertEquals("the cat", j.path("prompt_text").asText());
    }

    @Test
    void badTemplatesAreRefusedNamingTheFile() throws IOException {
        Path model = qwen2("m");
        Path undefined = Files.writeString(tmp.resolve("undefined.jinja"), "{{ persona }}: {{ messages[0].content }}");
        assertRefused("undefined.jinja: the prompt template cannot be rendered: the template uses 'persona'",
                "decode", "--model", model.toString(), "--prompt", "x", "--template", undefined.toString(), "--device", "cpu");
        Path broken = Files.writeString(tmp.resolve("broken.jinja"), "{% if messages %}never closed");
        assertRefused("broken.jinja: the prompt template cannot be rendered",
                "decode", "--model", model.toString(), "--prompt", "x", "--template", broken.toString(), "--device", "cpu");
        assertRefused("nope.jinja: template file is missing", "decode", "--model", model.toString(), "--prompt", "x",
                "--template", tmp.resolve("nope.jinja").toString(), "--device", "cpu");
        assertRefused("nope.jinja: template file is missing", "app", "--template", tmp.resolve("nope.jinja").toString());
    }

    @Test
    void badConfigsAndWeightsAreRefusedNamingTheFile() throws IOException {
        Path sliding = qwen2("sliding");
        ObjectNode config = (ObjectNode) JSON.readTree(sliding.resolve("config.json").toFile());
        config.put("use_sliding_window", true);
        Files.writeString(sliding.resolve("config.json"), JSON.writeValueAsString(config));
        assertRefused(sliding.resolve("config.json") + ": use_sliding_window=true is not supported",
                "decode", "--model", sliding.toString(), "--prompt", "x", "--device", "cpu");

        Path unknown = qwen2("unknown");
        config = (ObjectNode) JSON.readTree(unknown.resolve("config.json").toFile());
        config.put("model_type", "phi3").putArray("architectures").add("Phi3ForCausalLM");
        Files.writeString(unknown.resolve("config.json"), JSON.writeValueAsString(config));
        assertRefused(unknown.resolve("config.json") + ": unsupported architecture", "decode", "--model", unknown.toString(),
                "--prompt", "x", "--device", "cpu");
        assertTrue(err().contains("Qwen2ForCausalLM (model_type qwen2)"), err());

        Path cut = qwen2("cut");
        try (RandomAccessFile f = new RandomAccessFile(cut.resolve("model.safetensors").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertRefused(cut.resolve("model.safetensors") + ": tensor", "decode", "--model", cut.toString(), "--prompt", "x",
                "--device", "cpu");
        assertTrue(err().contains("truncated file?"), err());

        Path quantised = qwen2("int8");
        byte[] st = Files.readAllBytes(quantised.resolve("model.safetensors"));
        String file = new String(st, StandardCharsets.ISO_8859_1).replaceFirst("\"dtype\":\"F32\",\"shape\":\\[64\\]",
                "\"dtype\":\"I32\",\"shape\":[64]");
        assertFalse(file.equals(new String(st, StandardCharsets.ISO_8859_1)), "the fixture has a [64] F32 tensor to retype");
        Files.write(quantised.resolve("model.safetensors"), file.getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(quantised.resolve("model.safetensors") + ": tensor", "decode", "--model", quantised.toString(),
                "--prompt", "x", "--device", "cpu");
        assertTrue(err().contains("is stored as I32; weights must be F32, F16 or BF16"), err());
    }
}
