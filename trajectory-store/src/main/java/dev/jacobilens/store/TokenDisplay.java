package dev.jacobilens.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader sees for tokens, from their vocabulary pieces: SentencePiece's word-start mark
 * U+2581 is a space, a byte-fallback piece such as {@code <0x0A>} is the byte it stands for,
 * and consecutive bytes are assembled into the UTF-8 character they spell, so "é" split into
 * {@code <0xC3>} {@code <0xA9>} reads as "é". Byte-level BPE pieces (GPT-2, Llama 3: every byte
 * mapped to a printable character, "Ġ" for a space) are turned into this same form by
 * {@link #fromByteLevel(String)} when a tokenizer is loaded. Bytes that form no valid character
 * read as U+FFFD, never as raw {@code <0x..>}.
 */
public final class TokenDisplay {
    /** Shown for bytes that do not form a valid UTF-8 character. */
    public static final String REPLACEMENT = "\uFFFD";
    /** Prefix of a token that only continues a character begun by an earlier token. */
    public static final String CONTINUATION = "\u2026";
    private static final Map<Character, Integer> BYTE_LEVEL = byteLevelTable();

    private TokenDisplay() {
    }

    /** The byte a byte-fallback piece {@code <0xHH>} stands for, or -1 for any other piece. */
    public static int byteOf(String piece) {
        if (piece == null || piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(piece.charAt(3), 16);
        int lo = Character.digit(piece.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** The text of a token sequence, as the tokenizer would decode it. */
    public static String text(List<String> pieces) {
        return String.join("", decode(pieces, false));
    }

    /**
     * Per token, what it contributes to the text: a character made of several byte tokens belongs
     * to the token holding its first byte; the tokens holding the rest contribute "".
     */
    public static List<String> texts(List<String> pieces) {
        return decode(pieces, false);
    }

    /**
     * Per token, a label that can stand alone (a chip, a grid cell): as {@link #texts}, except
     * that a token holding only the rest of a character shows {@value #CONTINUATION} and the
     * character, e.g. "é" and "…é" for {@code <0xC3>} {@code <0xA9>}.
     */
    public static List<String> labels(List<String> pieces) {
        return decode(pieces, true);
    }

    /** One token on its own: a byte it cannot complete alone reads as U+FFFD. */
    public static String piece(String piece) {
        return text(List.of(piece == null ? "" : piece));
    }

    /**
     * A byte-level BPE piece in the form this class reads: the characters its bytes spell, with
     * any byte that is not part of a complete UTF-8 character written as {@code <0xHH>}. A piece
     * with a character outside the byte-level alphabet is not byte-level: returned unchanged.
     */
    public static String fromByteLevel(String piece) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < piece.length(); i++) {
            Integer b = BYTE_LEVEL.get(piece.charAt(i));
            if (b == null) {
                return piece;
            }
            bytes.write(b);
        }
        byte[] all = bytes.toByteArray();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < all.length) {
            int length = sequenceLength(all, i);
            String ch = length > 0 ? utf8(all, i, length) : null;
            if (ch != null) {
                out.append(ch);
                i += length;
            } else {
                out.append(String.format("<0x%02X>", all[i] & 0xFF));
                i++;
            }
        }
        return out.toString();
    }

    private static List<String> decode(List<String> pieces, boolean labels) {
        // every byte of the sequence, with the index of the token it came from
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> owner = new ArrayList<>();
        for (int t = 0; t < pieces.size(); t++) {
            byte[] b = bytes(pieces.get(t));
            bytes.write(b, 0, b.length);
            owner.addAll(Collections.nCopies(b.length, t));
        }
        byte[] all = bytes.toByteArray();
        StringBuilder[] out = new StringBuilder[pieces.size()];
        for (int t = 0; t < out.length; t++) {
            out[t] = new StringBuilder();
        }
        int i = 0;
        while (i < all.length) {
            int length = sequenceLength(all, i);
            String ch = length > 0 ? utf8(all, i, length) : null;
            if (ch == null) {
                out[owner.get(i)].append(REPLACEMENT);
                i++;
                continue;
            }
            int first = owner.get(i);
            out[first].append(ch);
            if (labels) {
                for (int k = 1; k < length; k++) {
                    int t = owner.get(i + k);
                    if (t != first && out[t].length() == 0) {
                        out[t].append(CONTINUATION).append(ch);
                    }
                }
            }
            i += length;
        }
        List<String> result = new ArrayList<>(out.length);
        for (StringBuilder sb : out) {
            result.add(sb.toString());
        }
        return result;
    }

    /** A piece's bytes: byte-fallback pieces and {@code <0xHH>} runs inside it as bytes, the rest as UTF-8. */
    static byte[] bytes(String piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < piece.length()) {
            int b = i + 6 <= piece.length() ? byteOf(piece.substring(i, i + 6)) : -1;
            if (b >= 0) {
                out.write(b);
                i += 6;
                continue;
            }
            int end = piece.indexOf("<0x", i + 1);
            end = end < 0 ? piece.length() : end;
            byte[] text = piece.substring(i, end).replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
            out.write(text, 0, text.length);
            i = end;
        }
        return out.toByteArray();
    }

    /** Length of the UTF-8 sequence a lead byte announces, 0 when it cannot lead one. */
    private static int sequenceLength(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        int length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        return i + length <= b.length ? length : 0;
    }

    /** The character(s) of a complete, valid UTF-8 sequence, or null. */
    private static String utf8(byte[] b, int from, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** GPT-2's byte-to-unicode map, inverted: printable bytes stand for themselves, the rest from U+0100 on. */
    private static Map<Character, Integer> byteLevelTable() {
        Map<Character, Integer> table = new HashMap<>();
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table.put(printable ? (char) b : (char) (256 + next++), b);
        }
        return table;
    }
}
