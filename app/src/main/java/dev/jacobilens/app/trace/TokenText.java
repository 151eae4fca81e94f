package dev.jacobilens.app.trace;

import dev.jacobilens.store.TokenDisplay;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tokenizer's display strings into readable text, through {@link TokenDisplay} (which
 * CSV and other exports share): SentencePiece's U+2581 is a space, byte tokens like
 * {@code <0x0A>} are the bytes they stand for, assembled across tokens into UTF-8 characters.
 * Byte-level BPE pieces arrive already converted by the engine; strings from older recordings
 * may still carry U+0120 (space) and U+010A (newline), read here too. Showing any of those raw
 * would make the generated text unreadable for an audience.
 */
public final class TokenText {
    private TokenText() {
    }

    /** One token on its own (a byte it cannot complete alone reads as U+FFFD). */
    public static String plain(String token) {
        if (token == null) {
            return "";
        }
        return TokenDisplay.piece(legacyByteLevel(token));
    }

    /** The text of a token sequence, characters split across byte tokens assembled. */
    public static String text(List<String> tokens) {
        return TokenDisplay.text(legacy(tokens));
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
        return visible(plain(token));
    }

    /**
     * A row of tokens as chips show them: a character made of several byte tokens appears on the
     * token with its first byte, the tokens with the rest show "…" and the character.
     */
    public static List<String> chips(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String label : TokenDisplay.labels(legacy(tokens))) {
            out.add(visible(label));
        }
        return out;
    }

    private static String visible(String plain) {
        if (plain.isEmpty()) {
            return "\u2205";
        }
        return plain.replace(' ', '\u00B7').replace("\n", "\u21B5");
    }

    private static List<String> legacy(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            out.add(t == null ? "" : legacyByteLevel(t));
        }
        return out;
    }

    private static String legacyByteLevel(String token) {
        return token.replace('\u0120', ' ').replace('\u010A', '\n');
    }
}
