package dev.jacobilens.corpus;

import java.util.List;
import java.util.Random;

/**
 * Seeded generator of GSM8K-style word problems. {@link Random} is used because its algorithm is
 * fixed by the Java specification, so a seed gives the same problems on every JVM.
 */
public final class CorpusGenerator {
    /** Drawn uniformly; order matters for reproducibility, so append new families at the end. */
    private static final List<ProblemFamily> FAMILIES = List.of(
            new TotalFamily(), new DifferenceFamily(), new SharingFamily(), new PriceFamily(),
            new SpeedFamily(), new PerDayFamily(), new MultiStepFamily());

    private final Random rnd;

    public CorpusGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    public Problem next() {
        return nextSolved().problem();
    }

    /** The next problem with its family and expected final value. */
    public Solved nextSolved() {
        return FAMILIES.get(rnd.nextInt(FAMILIES.size())).generate(rnd);
    }

    public static List<String> familyNames() {
        return FAMILIES.stream().map(ProblemFamily::name).toList();
    }
}
