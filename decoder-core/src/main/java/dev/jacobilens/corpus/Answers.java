package dev.jacobilens.corpus;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The final answer of a GSM8K-format answer text, normalised for exact-match comparison. */
public final class Answers {
    /** The number after the first {@code ####}, allowing a dollar sign and thousands commas. */
    private static final Pattern FINAL =
            Pattern.compile("####\\s*\\$?\\s*(-?[0-9][0-9,]*(?:\\.[0-9]+)?)");

    private Answers() {}

    /**
     * The number after the first {@code ####}, e.g. {@code "1,080"} becomes {@code "1080"},
     * {@code "$18.00"} becomes {@code "18"}; empty when there is none. The first marker is used
     * because a model may run on past its answer, and only what it committed to first counts.
     */
    public static Optional<String> extractFinal(String text) {
        Matcher m = FINAL.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(m.group(1).replace(",", ""));
        return Optional.of(value.stripTrailingZeros().toPlainString());
    }

    /** Exact match of the final answers, GSM8K's metric: false when the reference has none. */
    public static boolean sameFinal(String generated, String reference) {
        Optional<String> expected = extractFinal(reference);
        return expected.isPresent() && expected.equals(extractFinal(generated));
    }
}
