package dev.jacobilens.store;

import java.util.Locale;

/**
 * The one way a speedup is said, in the CLI and the app: as what it means ("2.4× faster",
 * "1.3× slower", "4.6× fewer passes"), never as a bare ratio below 1 ("0.83× wall time" reads
 * as "takes 83% of the time").
 */
public final class SpeedupText {
    private SpeedupText() {
    }

    /** A wall-time speedup (AR time over Jacobi time, per output token): "2.4× faster" or "1.3× slower". */
    public static String wallTime(double speedup) {
        return said(speedup, "faster", "slower", "same speed");
    }

    /** A speedup in forward passes: "4.6× fewer passes" or "1.02× more passes". */
    public static String passes(double speedup) {
        return said(speedup, "fewer passes", "more passes", "same passes");
    }

    /** The factor alone, as the phrases write it: one decimal, two when one would read 1.0. */
    public static String factor(double ratio) {
        String one = String.format(Locale.ROOT, "%.1f", ratio);
        return (one.equals("1.0") ? String.format(Locale.ROOT, "%.2f", ratio) : one) + "×";
    }

    private static String said(double speedup, String better, String worse, String same) {
        if (!(speedup > 0) || Double.isInfinite(speedup)) {
            throw new IllegalArgumentException("a speedup must be a positive finite ratio, got " + speedup);
        }
        double ratio = speedup >= 1 ? speedup : 1 / speedup;
        String factor = factor(ratio);
        if (factor.equals("1.00×")) {
            return same;
        }
        return factor + " " + (speedup >= 1 ? better : worse);
    }
}
