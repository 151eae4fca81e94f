package dev.jacobilens.app.trace;

/**
 * Turns a tokenizer's display strings into readable text. SentencePiece marks a leading space
 * with U+2581 and byte-level BPE with U+0120 (newline as U+010A); byte tokens look like
 * {@code <0x0A>}. Showing those raw would make the generated text unreadable for an audience.
 */
public final class TokenText {
    private TokenText() {
    }

    public static String plain(String token) {
        if (token == null) {
            return "";
        }
        if (token.length() == 6 && token.startsWith("<0x") && token.endsWith(">")) {
            try {
                int value = Integer.parseInt(token.substring(3, 5), 16);
                return value < 0x80 ? String.valueOf((char) value) : token;
            } catch (NumberFormatException notAByte) {
                return token;
            }
        }
        return token.replace('\u2581', ' ').replace('\u0120', ' ').replace('\u010A', '\n');
    }

    /**
     * Whether a token string carries its own word-start space: a SentencePiece or byte-level
     * BPE marker, or a leading space (the engine's display strings have the marker replaced).
     */
    public static boolean marksSpaces(String token) {
        return token != null && (token.indexOf('\u2581') >= 0 || token.indexOf('\u0120') >= 0
                || token.startsWith(" "));
    }

    /** A token as a chip shows it: spaces and newlines made visible, never empty. */
    public static String chip(String token) {
        String plain = plain(token);
        if (plain.isEmpty()) {
            return "\u2205";
        }
        return plain.replace(' ', '\u00B7').replace("\n", "\u21B5");
    }
}
