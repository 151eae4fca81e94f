package dev.jacobilens.corpus;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoryOpeningsTest {
    @Test
    void splitsAreDisjointDistinctAndRepeatForASeed() {
        StoryOpenings.Split a = StoryOpenings.generate(2000, 200, 1);
        assertEquals(2000, a.train().size());
        assertEquals(200, a.test().size());
        Set<String> all = new HashSet<>(a.train());
        all.addAll(a.test());
        assertEquals(2200, all.size(), "no opening twice, none in both splits");
        assertEquals(a, StoryOpenings.generate(2000, 200, 1));
        assertTrue(!a.equals(StoryOpenings.generate(2000, 200, 2)));
        assertEquals("One sunny day, a boy named Tim found a shiny rock.",
                StoryOpenings.sentence("One sunny day,", "a boy named Tim", "found a shiny rock"));
        assertEquals("A boy named Tim found a shiny rock.", StoryOpenings.sentence("", "a boy named Tim",
                "found a shiny rock"));
        assertThrows(IllegalArgumentException.class, () -> StoryOpenings.generate(StoryOpenings.available(), 1, 1));
    }

    /** assets/stories is what {@code openings --out assets/stories --train 2000 --test 200 --seed 1} writes. */
    @Test
    void shippedOpeningsAreReproducedByTheDocumentedCommand() throws IOException {
        Path shipped = Path.of("..", "assets", "stories");
        StoryOpenings.Split split = StoryOpenings.generate(2000, 200, 1);
        assertEquals(split.train(), Files.readAllLines(shipped.resolve("train.txt"), StandardCharsets.UTF_8));
        assertEquals(split.test(), Files.readAllLines(shipped.resolve("test.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void promptFilesReadPlainLinesPromptJsonlAndGsmJsonl(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path plain = Files.writeString(tmp.resolve("p.txt"), "Once upon a time\n\nTom ran.\n");
        assertEquals(java.util.List.of(new Prompt("Once upon a time", null), new Prompt("Tom ran.", null)),
                PromptFiles.read(plain));
        Path jsonl = Files.writeString(tmp.resolve("p.jsonl"), "{\"prompt\": \"a\\nb\", \"id\": 3}\n"
                + "{\"question\": \"q\", \"answer\": \"#### 4\"}\n");
        assertEquals(java.util.List.of(new Prompt("a\nb", null), new Prompt("q", "#### 4")), PromptFiles.read(jsonl));
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{\"text\": 1}\n");
        MalformedJsonlException e = assertThrows(MalformedJsonlException.class, () -> PromptFiles.read(bad));
        assertTrue(e.getMessage().contains("bad.jsonl:1") && e.getMessage().contains("\"prompt\""), e.getMessage());
        dev.jacobilens.engine.EngineException missing = assertThrows(dev.jacobilens.engine.EngineException.class,
                () -> PromptFiles.read(tmp.resolve("none.txt")));
        assertTrue(missing.getMessage().contains("none.txt"), missing.getMessage());
        dev.jacobilens.engine.EngineException noAnswers = assertThrows(dev.jacobilens.engine.EngineException.class,
                () -> PromptFiles.problems(plain, "--labels"));
        assertTrue(noAnswers.getMessage().contains("--labels"), noAnswers.getMessage());
    }
}
