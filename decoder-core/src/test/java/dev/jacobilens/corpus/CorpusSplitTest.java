package dev.jacobilens.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusSplitTest {
    @TempDir
    Path tmp;

    @Test
    void splitsHaveTheAskedSizesAndShareNoQuestion() {
        Corpus corpus = Corpus.generate(3000, 500, 17);
        assertEquals(3000, corpus.train().size());
        assertEquals(500, corpus.test().size());
        Set<String> train = new HashSet<>();
        corpus.train().forEach(s -> assertTrue(train.add(s.problem().question()), "duplicate in train"));
        Set<String> test = new HashSet<>();
        corpus.test().forEach(s -> assertTrue(test.add(s.problem().question()), "duplicate in test"));
        test.retainAll(train);
        assertEquals(Set.of(), test);
    }

    @Test
    void writtenFilesReadBackAsTheGeneratedProblems() throws IOException {
        Corpus corpus = Corpus.write(tmp, 200, 40, 3);
        assertEquals(Corpus.problems(corpus.train()), GsmJsonl.read(tmp.resolve(Corpus.TRAIN_FILE)));
        assertEquals(Corpus.problems(corpus.test()), GsmJsonl.read(tmp.resolve(Corpus.TEST_FILE)));
    }

    @Test
    void rejectsEmptySplits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corpus.generate(10, 0, 1));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    @Test
    void streamsForTrainAndTestDiffer() {
        List<Long> seeds = List.of(Corpus.stream(0, 1), Corpus.stream(0, 2), Corpus.stream(1, 1));
        assertEquals(3, new HashSet<>(seeds).size());
    }
}
