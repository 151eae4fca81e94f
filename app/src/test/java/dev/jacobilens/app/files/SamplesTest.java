package dev.jacobilens.app.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplesTest {

    @Test
    void shippedPromptsAreGsm8kShaped() {
        // Tests run in the app module; the samples live beside it.
        List<SamplePrompt> prompts = Samples.prompts(Path.of("..", "samples"));
        assertTrue(prompts.size() >= 10, "got " + prompts.size());
        for (SamplePrompt p : prompts) {
            assertTrue(p.answer().contains("#### "), p.question());
        }
    }

    @Test
    void badLinesAreSkipped(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/mixed.jsonl"), "{\"question\": \"one\"}\nnot json\n\n{\"q\": 1}\n");
        List<SamplePrompt> prompts = Samples.prompts(dir);
        assertEquals(List.of(new SamplePrompt("mixed", "one", "")), prompts);
        assertTrue(Samples.recordings(dir).isEmpty());
    }
}
