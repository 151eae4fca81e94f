package dev.jacobilens.engine.decode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lookahead decoding's n-gram pool: n-grams keyed by their first token, at most
 * {@code perKey} per key, newest first, without duplicates. A candidate is only a guess; the
 * verification branch decides, so what the pool holds never changes the output, only speed.
 */
final class NgramPool {
    private final int n;
    private final int perKey;
    private final Map<Integer, Deque<int[]>> byFirst = new HashMap<>();
    private int size;

    NgramPool(int n, int perKey) {
        this.n = n;
        this.perKey = perKey;
    }

    /** Adds an n-gram (exactly n tokens), or moves it to the front if present. */
    void add(int[] ngram) {
        if (ngram.length != n) {
            throw new IllegalArgumentException("an n-gram of the pool has " + n + " tokens, got " + ngram.length);
        }
        Deque<int[]> list = byFirst.computeIfAbsent(ngram[0], k -> new ArrayDeque<>());
        for (Iterator<int[]> it = list.iterator(); it.hasNext(); ) {
            if (Arrays.equals(it.next(), ngram)) {
                it.remove();
                size--;
                break;
            }
        }
        list.addFirst(ngram.clone());
        size++;
        if (list.size() > perKey) {
            list.removeLast();
            size--;
        }
    }

    /** Every n-gram of {@code tokens[0..length)} whose last token lies at index {@code endFrom} or later. */
    void addAll(int[] tokens, int length, int endFrom) {
        for (int end = Math.max(n, endFrom + 1); end <= length; end++) {
            add(Arrays.copyOfRange(tokens, end - n, end));
        }
    }

    /** Up to {@code max} n-grams starting with {@code first}, newest first. */
    List<int[]> candidates(int first, int max) {
        Deque<int[]> list = byFirst.get(first);
        List<int[]> out = new ArrayList<>();
        if (list != null) {
            for (int[] g : list) {
                if (out.size() == max) {
                    break;
                }
                out.add(g);
            }
        }
        return out;
    }

    int size() {
        return size;
    }
}
