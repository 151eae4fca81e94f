package dev.jacobilens.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The Java twin of the pre-tokenizer written into {@code tokenizer.json}, used to count words when
 * building the vocabulary. It must split exactly as the Hugging Face pipeline does (a test checks
 * it against DJL token by token):
 * <ol>
 *   <li>Metaspace (replacement {@code ▁}, prepend_scheme always, split): spaces become {@code ▁},
 *       one {@code ▁} is prepended, and the text is split before every {@code ▁};</li>
 *   <li>Split on {@code "\n"}, isolated: a newline is its own token;</li>
 *   <li>Digits, individual: every numeric character is its own token;</li>
 *   <li>Punctuation, isolated: every punctuation character is its own token.</li>
 * </ol>
 */
public final class PreTokenizer {
    public static final char META = '\u2581';

    private PreTokenizer() {}

    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        if (text.isEmpty()) {
            return tokens;
        }
        String spaced = text.replace(' ', META);
        if (spaced.charAt(0) != META) {
            spaced = META + spaced;
        }
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < spaced.length(); ) {
            int cp = spaced.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == META && run.length() > 0) {
                tokens.add(run.toString());
                run.setLength(0);
            }
            if (isolated(cp)) {
                if (run.length() > 0) {
                    tokens.add(run.toString());
                    run.setLength(0);
                }
                tokens.add(new String(Character.toChars(cp)));
            } else {
                run.appendCodePoint(cp);
            }
        }
        if (run.length() > 0) {
            tokens.add(run.toString());
        }
        return tokens;
    }

    private static boolean isolated(int cp) {
        return cp == '\n' || isNumeric(cp) || isPunctuation(cp);
    }

    /** Rust's {@code char::is_numeric}: general categories Nd, Nl and No. */
    private static boolean isNumeric(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** The tokenizers crate's {@code is_punc}: ASCII punctuation, or a Unicode P* category. */
    private static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@')
                    || (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
        }
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION
                || type == Character.FINAL_QUOTE_PUNCTUATION || type == Character.OTHER_PUNCTUATION;
    }
}
