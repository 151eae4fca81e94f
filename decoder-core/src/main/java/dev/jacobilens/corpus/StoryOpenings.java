package dev.jacobilens.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Opening lines of children's stories, the free-text prompts of the stories pair: "when" +
 * "who" + "what happened", e.g. "One sunny day, a boy named Tim found a shiny rock." All
 * combinations of the lists below are enumerated, shuffled with a seed, and split into a test
 * set (taken first) and a training set that share no opening. Words are from the everyday
 * vocabulary of TinyStories, the corpus stories260K learnt from, so every opening is one the
 * model can continue.
 */
public final class StoryOpenings {
    static final List<String> WHEN = List.of("Once upon a time,", "One day,", "One sunny day,", "One morning,",
            "Yesterday,", "Last summer,", "On a rainy day,", "In a small town,", "In the big forest,", "Long ago,",
            "After school,", "At the park,", "On a cold winter day,", "One night,", "");
    static final List<String> WHO = List.of("a little girl named Lily", "a boy named Tim", "a small dog named Max",
            "a happy cat", "Sue and her mom", "a big red bird", "Ben and his friend Sam", "a shy bunny",
            "a kind old man", "a tiny fish", "Mia", "Tom", "a brave knight", "a curious mouse", "a little bear",
            "a girl named Amy", "a boy named Jack", "a friendly frog", "a funny monkey", "Anna and her dad",
            "a little duck", "a smart owl", "a sad puppy", "Lucy", "a tall giraffe", "a little boy",
            "a pretty princess",
            "a big truck", "a small car", "a busy bee", "Sara and Ben", "a lazy lion", "an old lady", "a little star",
            "a fluffy sheep", "Tim and his sister", "a green dragon", "a wise turtle", "a silly clown", "Max the dog");
    static final List<String> WHAT = List.of("went to the park", "found a shiny rock", "wanted to fly a kite",
            "saw a big tree", "lost a red ball", "made a new friend", "baked a cake", "played in the snow",
            "heard a loud noise", "found a box in the garden", "went to the beach", "wanted to help", "saw a rainbow",
            "climbed a big hill", "had a new toy", "was very hungry", "could not find the way home",
            "met a funny bird", "painted a picture", "wanted to go on an adventure", "was scared of the dark",
            "found a little key", "looked for a lost sock", "went to the store with mom", "built a sand castle",
            "played with a big ball", "saw a boat on the lake", "wanted to be a pilot", "danced in the rain",
            "found a map", "was sad and alone", "had a big dream", "planted a small seed", "read a book about the sea",
            "went to visit grandma", "saw a cat on the roof", "made a wish", "wanted a cookie",
            "got a gift from a friend", "jumped in the puddles");

    private StoryOpenings() {
    }

    /** The split: test first in the shuffled order, then training; no opening is in both. */
    public record Split(List<String> train, List<String> test) {
    }

    /** Every opening the lists make, in a fixed order. */
    static List<String> all() {
        List<String> out = new ArrayList<>(WHEN.size() * WHO.size() * WHAT.size());
        for (String when : WHEN) {
            for (String who : WHO) {
                for (String what : WHAT) {
                    out.add(sentence(when, who, what));
                }
            }
        }
        return out;
    }

    static String sentence(String when, String who, String what) {
        String subject = when.isEmpty() ? Character.toUpperCase(who.charAt(0)) + who.substring(1) : who;
        return (when.isEmpty() ? "" : when + " ") + subject + " " + what + ".";
    }

    public static int available() {
        return WHEN.size() * WHO.size() * WHAT.size();
    }

    public static Split generate(int train, int test, long seed) {
        if (train < 0 || test < 0 || (long) train + test > available()) {
            throw new IllegalArgumentException("train + test must be between 0 and " + available() + " openings, got "
                    + train + " + " + test);
        }
        List<String> all = all();
        Collections.shuffle(all, new Random(seed));
        return new Split(List.copyOf(all.subList(test, test + train)), List.copyOf(all.subList(0, test)));
    }

    /**
     * Writes {@code train.txt} and {@code test.txt}, one opening per line, both or neither: a full
     * disk or a FIFO in the way leaves the files that were there as they were.
     */
    public static Split write(Path dir, int train, int test, long seed) throws IOException {
        Split split = generate(train, test, seed);
        Files.createDirectories(dir);
        try (dev.jacobilens.store.StagedOutputs staged = new dev.jacobilens.store.StagedOutputs()) {
            staged.addText(dir.resolve("train.txt"), lines(split.train()));
            staged.addText(dir.resolve("test.txt"), lines(split.test()));
            staged.commit();
        }
        return split;
    }

    private static String lines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
