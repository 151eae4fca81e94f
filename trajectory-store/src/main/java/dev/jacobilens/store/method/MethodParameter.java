package dev.jacobilens.store.method;

/**
 * One tunable parameter of a {@link DecodeMethod}: its name in files, its command-line option,
 * its limits, its default and what it does. Values are ints; a switch is 0 (off) or 1 (on).
 *
 * @param key         the name in a recording's {@code settings.parameters} and in JSON output
 * @param option      the command-line option without its dashes ({@code window} for {@code --window});
 *                    a switch that is on by default is turned off by {@code --no-OPTION}
 * @param label       a short name for a person ("Window W")
 * @param symbol      the name in a short parameter list ("W" in "W=12 N=6"), the paper's letter where it has one
 * @param min         smallest value allowed (besides {@code off})
 * @param max         largest value allowed
 * @param off         a value outside [min, max] that turns the feature off, or {@link #NO_OFF}
 * @param defaultValue the value used when none is given
 * @param isSwitch    whether the parameter is a switch (files say {@code true}/{@code false})
 * @param description what the parameter does, for help text and tooltips
 */
public record MethodParameter(String key, String option, String label, String symbol, int min, int max, int off, int defaultValue,
                              boolean isSwitch, String description) {
    /** {@link #off} of a parameter that has no off value. */
    public static final int NO_OFF = Integer.MIN_VALUE;

    public MethodParameter {
        if (min > max || !(allows(defaultValue, min, max, off))) {
            throw new IllegalArgumentException("parameter " + key + ": default " + defaultValue + " outside its limits");
        }
    }

    /** A whole-number parameter without an off value. */
    static MethodParameter number(String key, String label, String symbol, int min, int max, int defaultValue,
                                  String description) {
        return new MethodParameter(key, key.replace('_', '-'), label, symbol, min, max, NO_OFF, defaultValue, false,
                description);
    }

    /** An on/off switch. */
    static MethodParameter onOff(String key, String label, String symbol, boolean defaultOn, String description) {
        return new MethodParameter(key, key.replace('_', '-'), label, symbol, 0, 1, NO_OFF, defaultOn ? 1 : 0, true,
                description);
    }

    public boolean allows(int value) {
        return allows(value, min, max, off);
    }

    private static boolean allows(int value, int min, int max, int off) {
        return (off != NO_OFF && value == off) || (value >= min && value <= max);
    }

    /** The limits in words: "1 to 64", "0 (off) or 2 to 64", "on or off". */
    public String limits() {
        if (isSwitch) {
            return "on or off";
        }
        String range = min + " to " + max;
        return off == NO_OFF ? range : off + " (off) or " + range;
    }

    /**
     * The value, checked.
     *
     * @throws IllegalArgumentException naming the parameter, its option and its limits
     */
    public int check(String method, int value) {
        if (!allows(value)) {
            throw new IllegalArgumentException(method + " " + label + " (--" + option + ") must be " + limits()
                    + ", got " + value);
        }
        return value;
    }

    /** The value in a short parameter list: "W=12", "+text" for a switch that is on; "" when off. */
    public String shortText(int value) {
        if (isSwitch) {
            return value != 0 ? "+" + symbol : "";
        }
        return value == off ? "" : symbol + "=" + value;
    }

    /** The value as a file writes it. */
    public String format(int value) {
        return isSwitch ? Boolean.toString(value != 0) : Integer.toString(value);
    }

    /**
     * A value as a file wrote it.
     *
     * @throws IllegalArgumentException for text that is not a value of this parameter
     */
    public int parse(String method, String text) {
        String t = text.trim();
        if (isSwitch) {
            if (t.equals("true") || t.equals("false")) {
                return t.equals("true") ? 1 : 0;
            }
            throw new IllegalArgumentException(method + " parameter " + key + " must be true or false, got '" + text + "'");
        }
        try {
            return check(method, Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(method + " parameter " + key + " must be a whole number, got '" + text
                    + "'");
        }
    }
}
