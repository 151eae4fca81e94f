package dev.jacobilens.train;

/** Remaining-time formatting for progress lines. */
public final class Eta {
    private Eta() {
    }

    public static String format(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format("%dm%02ds", s / 60, s % 60);
    }
}
