package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped pair is complete: both models, held-out prompts, sample prompts, and honest config.json files. */
class ModelPairTest {
    private static final Path HOME = Path.of("..");

    @Test
    void everyShippedPairHasItsFiles() throws IOException {
        for (ModelPair pair : ModelPair.ALL) {
            for (Path model : List.of(pair.standardDir(HOME), pair.consistencyDir(HOME))) {
                for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
                    assertTrue(Files.isRegularFile(model.resolve(f)), model.resolve(f) + " is missing");
                }
            }
            List<Prompt> bench = PromptFiles.read(pair.benchPromptsFile(HOME));
            assertFalse(bench.isEmpty(), pair.name());
            assertFalse(pair.samplePrompts(HOME).isEmpty(), pair.name());
        }
        assertEquals(500, PromptFiles.read(ModelPair.MATHS.benchPromptsFile(HOME)).stream()
                .filter(Prompt::hasAnswer).count());
        assertEquals(200, PromptFiles.read(ModelPair.STORIES.benchPromptsFile(HOME)).stream()
                .filter(p -> !p.hasAnswer()).count());
    }

    /**
     * assets/README.md: weights may be stored in F16, but every config.json announces float32, so
     * transformers computes in float32 as this engine does on a CPU (not bfloat16).
     */
    @Test
    void everyShippedModelAnnouncesFloat32() throws IOException {
        for (ModelPair pair : ModelPair.ALL) {
            for (Path model : List.of(pair.standardDir(HOME), pair.consistencyDir(HOME))) {
                JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
                assertEquals("float32", config.path("torch_dtype").asText(), model.toString());
            }
        }
    }

    @Test
    void pairsAreFoundByNameAndAnUnknownNameIsRefused() {
        assertSame(ModelPair.STORIES, ModelPair.named("stories"));
        assertSame(ModelPair.MATHS, ModelPair.named("Maths"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelPair.named("chat"));
        assertTrue(e.getMessage().contains("chat"), e.getMessage());
    }
}
