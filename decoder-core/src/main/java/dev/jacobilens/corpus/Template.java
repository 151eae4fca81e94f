package dev.jacobilens.corpus;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {slot}} placeholders in a sentence template. An unfilled slot is a bug in a family,
 * so it throws rather than leaving braces in the corpus.
 */
final class Template {
    private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z0-9.]+)}");
    private final Map<String, String> slots = new HashMap<>();

    Template set(String key, Object value) {
        slots.put(key, value instanceof Calc calc ? calc.text() : String.valueOf(value));
        return this;
    }

    /** Sets {@code key} to the name and {@code key.he}, {@code key.He}, {@code key.him}, {@code key.his}. */
    Template person(String key, Words.Person person) {
        set(key, person.name());
        set(key + ".he", person.he());
        set(key + ".He", capitalise(person.he()));
        set(key + ".him", person.him());
        set(key + ".his", person.his());
        return this;
    }

    String fill(String template) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {" + m.group(1) + "} in: " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
