package dev.jacobilens.distill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jacobi Forcing's noise schedule: the noise ratio each block of a packed sequence is trained at.
 * A block's noise ratio is the fraction of it from its first wrong token to its end,
 * {@code (n - firstWrong) / n}: 0 is the fixed point, 1 a block whose every token is still open
 * (the reference's {@code noisy_ratio_i}).
 *
 * <p>Forms ({@link #parse}):
 * <ul>
 * <li>{@code linear:A-B}: the reference's progressive schedule, {@code np.linspace(A, B, w)} over the
 * w blocks of a packed sequence: block j of k gets {@code A + (B - A) j / (k - 1)};</li>
 * <li>{@code uniform:A-B}: every block draws its ratio uniformly from [A, B] (the reference's
 * "random" strategy, continuous);</li>
 * <li>{@code R1,R2,...}: block j gets {@code R[j mod count]}.</li>
 * </ul>
 * Every ratio lies in [0, 1]. Anything else is refused with the text and what was expected.
 */
public final class NoiseSchedule {
    private enum Kind { LINEAR, UNIFORM, LIST }

    private static final String NUMBER = "([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern RANGE = Pattern.compile("(linear|uniform):" + NUMBER + "-" + NUMBER);
    private static final Pattern VALUE = Pattern.compile(NUMBER);
    static final String FORMS = "linear:A-B, uniform:A-B or a comma-separated list of ratios, each between 0 and 1"
            + " (e.g. linear:0-1, uniform:0.2-0.8, 0.25,0.5,0.75)";

    private final Kind kind;
    private final double[] values;
    private final String text;

    private NoiseSchedule(Kind kind, double[] values, String text) {
        this.kind = kind;
        this.values = values;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the text and the forms accepted */
    public static NoiseSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the noise schedule is empty; expected " + FORMS);
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = RANGE.matcher(t);
        if (m.matches()) {
            double a = ratio(m.group(2), text);
            double b = ratio(m.group(3), text);
            Kind kind = m.group(1).equals("linear") ? Kind.LINEAR : Kind.UNIFORM;
            if (kind == Kind.UNIFORM && a > b) {
                throw new IllegalArgumentException("noise schedule '" + text + "': uniform:A-B needs A <= B");
            }
            return new NoiseSchedule(kind, new double[] {a, b}, m.group(1) + ":" + plain(a) + "-" + plain(b));
        }
        if (t.contains(":")) {
            throw new IllegalArgumentException("noise schedule '" + text + "' does not parse; expected " + FORMS);
        }
        String[] parts = t.split(",", -1);
        List<String> shown = new ArrayList<>();
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (!VALUE.matcher(p).matches()) {
                throw new IllegalArgumentException("noise schedule '" + text + "' does not parse"
                        + (p.isEmpty() ? " (an empty entry)" : " ('" + p + "' is not a ratio)") + "; expected " + FORMS);
            }
            values[i] = ratio(p, text);
            shown.add(plain(values[i]));
        }
        return new NoiseSchedule(Kind.LIST, values, String.join(",", shown));
    }

    private static double ratio(String number, String text) {
        double v = Double.parseDouble(number);
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("noise schedule '" + text + "': every ratio must be between 0 and 1, got "
                    + number);
        }
        return v;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * The noise ratio of block {@code j} of a packed sequence of {@code blocks} blocks; {@code rng}
     * is drawn from only by {@code uniform}.
     */
    public double ratio(int j, int blocks, Random rng) {
        return switch (kind) {
            case LINEAR -> blocks <= 1 ? values[0] : values[0] + (values[1] - values[0]) * j / (blocks - 1);
            case UNIFORM -> values[0] + (values[1] - values[0]) * rng.nextDouble();
            case LIST -> values[j % values.length];
        };
    }

    /** The canonical text, as {@link #parse} reads it back (recorded with a checkpoint and in the report). */
    @Override
    public String toString() {
        return text;
    }
}
