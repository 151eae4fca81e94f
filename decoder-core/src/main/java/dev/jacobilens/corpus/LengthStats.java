package dev.jacobilens.corpus;

import java.util.Locale;

/** Count, mean, minimum and maximum of a list of lengths. */
public record LengthStats(int count, double mean, int min, int max) {
    public static LengthStats of(int[] lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("no lengths");
        }
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int n : lengths) {
            sum += n;
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        return new LengthStats(lengths.length, (double) sum / lengths.length, min, max);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mean %.1f, min %d, max %d", mean, min, max);
    }
}
