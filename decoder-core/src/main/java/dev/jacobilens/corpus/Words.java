package dev.jacobilens.corpus;

import java.util.List;
import java.util.Random;

/**
 * The corpus's closed word lists. They are deliberately small: a word-level tokenizer built from a
 * few thousand training problems must have seen every word the test split can use.
 */
final class Words {
    private Words() {}

    record Person(String name, boolean female) {
        String he() {
            return female ? "she" : "he";
        }

        String him() {
            return female ? "her" : "him";
        }

        String his() {
            return female ? "her" : "his";
        }
    }

    static final List<Person> PEOPLE = List.of(
            new Person("Mia", true), new Person("Anna", true), new Person("Zoe", true),
            new Person("Emma", true), new Person("Lily", true), new Person("Sara", true),
            new Person("Nora", true), new Person("Ella", true), new Person("Ava", true),
            new Person("Grace", true), new Person("Ruby", true), new Person("Julia", true),
            new Person("Tom", false), new Person("Ben", false), new Person("Sam", false),
            new Person("Max", false), new Person("Leo", false), new Person("Jack", false),
            new Person("Noah", false), new Person("Liam", false), new Person("Owen", false),
            new Person("Luke", false), new Person("Eli", false), new Person("Omar", false));

    /** Things a child counts, collects or shares (plural). */
    static final List<String> THINGS = List.of(
            "apples", "oranges", "marbles", "stickers", "pencils", "cookies", "cupcakes", "shells",
            "stamps", "cards", "balloons", "flowers", "crayons", "beads", "buttons", "candies");

    /** Shop items bought by the piece (plural). */
    static final List<String> SHOP_ITEMS = List.of(
            "notebooks", "pens", "folders", "rulers", "markers", "mugs", "candles", "plates",
            "erasers", "socks");

    /** Single shop purchases, with their article. */
    static final List<String> SHOP_EXTRAS = List.of(
            "a backpack", "a lunch box", "a calendar", "a book", "a scarf", "a hat", "an umbrella",
            "a puzzle");

    static final List<String> CONTAINERS = List.of("boxes", "bags", "baskets", "jars", "packs");

    static final List<String> GROUPS = List.of(
            "friends", "classmates", "cousins", "neighbors", "teammates");

    static final List<String> VEHICLES = List.of("train", "bus", "car", "truck", "boat");

    static Person person(Random rnd) {
        return pick(rnd, PEOPLE);
    }

    /** A person other than {@code not}, so a problem never has someone give things to themself. */
    static Person otherPerson(Random rnd, Person not) {
        Person p;
        do {
            p = pick(rnd, PEOPLE);
        } while (p.equals(not));
        return p;
    }

    static <T> T pick(Random rnd, List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }

    /** Uniform in {@code [lo, hi]}, both inclusive. */
    static int between(Random rnd, int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }
}
