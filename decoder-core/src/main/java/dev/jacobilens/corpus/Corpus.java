package dev.jacobilens.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A generated train/test corpus whose splits share no question. */
public record Corpus(long seed, List<Solved> train, List<Solved> test) {
    public static final String TRAIN_FILE = "train.jsonl";
    public static final String TEST_FILE = "test.jsonl";
    public static final String MANIFEST_FILE = "corpus.json";

    /** Draws allowed per requested problem before giving up on finding distinct questions. */
    private static final int ATTEMPTS_PER_PROBLEM = 50;

    public Corpus {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * Generates the splits from two independent streams of {@code seed}. Train is drawn first;
     * test then skips any question already in train (or in test), so the overlap is removed the
     * same way every time.
     */
    public static Corpus generate(int trainCount, int testCount, long seed) {
        if (trainCount < 1 || testCount < 1) {
            throw new IllegalArgumentException(
                    "train and test counts must be at least 1, got " + trainCount + " and " + testCount);
        }
        Set<String> seen = new HashSet<>();
        List<Solved> train = draw(new CorpusGenerator(stream(seed, 1)), trainCount, seen, "train");
        List<Solved> test = draw(new CorpusGenerator(stream(seed, 2)), testCount, seen, "test");
        return new Corpus(seed, train, test);
    }

    /** Generates and writes {@code train.jsonl}, {@code test.jsonl} and {@code corpus.json}. */
    public static Corpus write(Path dir, int trainCount, int testCount, long seed) throws IOException {
        Corpus corpus = generate(trainCount, testCount, seed);
        Files.createDirectories(dir);
        GsmJsonl.write(dir.resolve(TRAIN_FILE), problems(corpus.train));
        GsmJsonl.write(dir.resolve(TEST_FILE), problems(corpus.test));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(MANIFEST_FILE).toFile(), corpus.manifest());
        return corpus;
    }

    /** Problems per family, as {family: {train: n, test: m}}, in generator order. */
    public Map<String, Map<String, Integer>> familyCounts() {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        // Insertion-ordered maps only: Map.of's order changes between JVM runs, and so would the manifest.
        for (String family : CorpusGenerator.familyNames()) {
            Map<String, Integer> split = new LinkedHashMap<>();
            split.put("train", 0);
            split.put("test", 0);
            counts.put(family, split);
        }
        train.forEach(s -> counts.get(s.family()).merge("train", 1, Integer::sum));
        test.forEach(s -> counts.get(s.family()).merge("test", 1, Integer::sum));
        return counts;
    }

    public static List<Problem> problems(List<Solved> solved) {
        return solved.stream().map(Solved::problem).toList();
    }

    private Map<String, Object> manifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "gsm8k-jsonl");
        m.put("generator", CorpusGenerator.class.getName());
        m.put("seed", seed);
        m.put("train", train.size());
        m.put("test", test.size());
        m.put("families", familyCounts());
        return m;
    }

    private static List<Solved> draw(CorpusGenerator gen, int count, Set<String> seen, String split) {
        List<Solved> out = new ArrayList<>(count);
        long attempts = (long) count * ATTEMPTS_PER_PROBLEM;
        while (out.size() < count && attempts-- > 0) {
            Solved s = gen.nextSolved();
            if (seen.add(s.problem().question())) {
                out.add(s);
            }
        }
        if (out.size() < count) {
            throw new IllegalStateException("could only draw " + out.size() + " distinct " + split
                    + " questions of the " + count + " asked for");
        }
        return out;
    }

    /** SplitMix64 finaliser: well-separated seeds for the train and test streams. */
    static long stream(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
