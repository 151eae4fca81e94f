package dev.jacobilens.engine.template;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A template that cannot be used is refused when the model loads, naming the file and the problem. */
class TemplateErrorsTest {

    private static String refusal(Path model, String option) {
        return assertThrows(EngineException.class, () -> Models.load(model, "cpu", option, m -> { }).close()).getMessage();
    }

    private static Path model(Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Path source = Fixtures.qwen2("qwen2-tied-f32");
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    @Test
    void anUndefinedVariableIsNamed(@TempDir Path tmp) throws IOException {
        Path t = Files.writeString(tmp.resolve("t.jinja"), "{{ bos_token }}{{ system_prompt }}{{ messages[0]['content'] }}");
        String m = refusal(model(tmp), t.toString());
        assertTrue(m.startsWith(t.toString()) && m.contains("'system_prompt', which is not defined"), m);
    }

    @Test
    void aTemplateThatFailsToRenderIsRefused(@TempDir Path tmp) throws IOException {
        Path raises = Files.writeString(tmp.resolve("raises.jinja"), "{{ raise_exception('only assistant messages') }}");
        String m = refusal(model(tmp), raises.toString());
        assertTrue(m.startsWith(raises.toString()) && m.contains("raised an exception: only assistant messages"), m);

        Path broken = Files.writeString(tmp.resolve("broken.jinja"), "{% for m in messages %}{{ m.content }}");
        m = refusal(model(tmp.resolve("b")), broken.toString());
        assertTrue(m.startsWith(broken.toString()) && m.contains("cannot be rendered") && m.contains("endfor"), m);

        Path method = Files.writeString(tmp.resolve("method.jinja"), "{{ messages[0].content.startswith('a') }}");
        m = refusal(model(tmp.resolve("c")), method.toString());
        assertTrue(m.startsWith(method.toString()) && m.contains("startswith"), m);
    }

    @Test
    void aMissingTemplateFileOrABrokenModelTemplateIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = model(tmp);
        String m = refusal(dir, tmp.resolve("nope.jinja").toString());
        assertTrue(m.contains("nope.jinja: template file is missing"), m);

        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% if %}\"}");
        m = refusal(dir, PromptTemplate.AUTO);
        assertTrue(m.startsWith(dir.resolve("tokenizer_config.json").toString()) && m.contains("cannot be rendered"), m);

        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": 42}");
        m = refusal(dir, PromptTemplate.AUTO);
        assertTrue(m.contains("tokenizer_config.json: chat_template must be a string"), m);
    }
}
