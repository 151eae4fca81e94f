package dev.jacobilens.corpus;

import java.util.Random;

/** A kind of word problem; each draw picks its own names, objects, numbers and phrasing. */
interface ProblemFamily {
    /** Stable name, used in the corpus manifest and reports. */
    String name();

    Solved generate(Random rnd);
}
