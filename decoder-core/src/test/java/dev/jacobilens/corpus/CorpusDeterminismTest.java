package dev.jacobilens.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusDeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedWritesSameBytes() throws IOException {
        Corpus.write(tmp.resolve("a"), 300, 60, 42);
        Corpus.write(tmp.resolve("b"), 300, 60, 42);
        for (String file : List.of(Corpus.TRAIN_FILE, Corpus.TEST_FILE, Corpus.MANIFEST_FILE)) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(file)),
                    Files.readAllBytes(tmp.resolve("b").resolve(file)), file);
        }
    }

    @Test
    void differentSeedGivesDifferentProblems() {
        Set<String> first = questions(Corpus.generate(300, 60, 42).train());
        Set<String> second = questions(Corpus.generate(300, 60, 43).train());
        first.retainAll(second);
        assertTrue(first.size() < 15, "seeds 42 and 43 share " + first.size() + " of 300 questions");
    }

    @Test
    void generatorRepeatsItselfForTheSameSeed() {
        CorpusGenerator a = new CorpusGenerator(5);
        CorpusGenerator b = new CorpusGenerator(5);
        IntStream.range(0, 200).forEach(i -> assertEquals(a.nextSolved(), b.nextSolved(), "draw " + i));
    }

    @Test
    void everyFamilyIsDrawnInBothSplits() {
        Corpus corpus = Corpus.generate(1400, 350, 9);
        corpus.familyCounts().forEach((family, counts) -> {
            assertTrue(counts.get("train") > 100, family + " train " + counts);
            assertTrue(counts.get("test") > 20, family + " test " + counts);
        });
        assertEquals(CorpusGenerator.familyNames(), List.copyOf(corpus.familyCounts().keySet()));
        corpus.familyCounts().values().forEach(c -> assertEquals(List.of("train", "test"), List.copyOf(c.keySet())));
    }

    private static Set<String> questions(List<Solved> split) {
        Set<String> out = new HashSet<>();
        split.forEach(s -> out.add(s.problem().question()));
        return out;
    }
}
