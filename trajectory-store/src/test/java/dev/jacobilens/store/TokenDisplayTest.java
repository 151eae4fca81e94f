package dev.jacobilens.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TokenDisplayTest {
    @Test
    void sentencePieceSpacesAndByteFallbackNewline() {
        List<String> pieces = List.of("\u2581Once", "\u2581upon", ",", "<0x0A>", "The");
        assertEquals(" Once upon,\nThe", TokenDisplay.text(pieces));
        assertEquals(List.of(" Once", " upon", ",", "\n", "The"), TokenDisplay.texts(pieces));
        assertEquals("\n", TokenDisplay.piece("<0x0A>"));
        assertEquals(10, TokenDisplay.byteOf("<0x0A>"));
        assertEquals(-1, TokenDisplay.byteOf("<0xZZ>"));
        assertEquals(-1, TokenDisplay.byteOf("\u2581the"));
    }

    @Test
    void aMultiByteCharacterSplitAcrossByteTokensIsAssembled() {
        // "café €": é = C3 A9 (two byte tokens), € = E2 82 AC (three)
        List<String> pieces = List.of("\u2581caf", "<0xC3>", "<0xA9>", "\u2581", "<0xE2>", "<0x82>", "<0xAC>");
        assertEquals(" café €", TokenDisplay.text(pieces));
        assertEquals(List.of(" caf", "é", "", " ", "€", "", ""), TokenDisplay.texts(pieces));
        assertEquals(List.of(" caf", "é", "\u2026é", " ", "€", "\u2026€", "\u2026€"), TokenDisplay.labels(pieces));
        for (String label : TokenDisplay.labels(pieces)) {
            assertFalse(label.contains("<0x"), label);
        }
    }

    @Test
    void bytesThatFormNoCharacterReadAsTheReplacementCharacter() {
        // a lead byte without its continuation, a stray continuation byte, and a lone byte token on its own
        assertEquals("a\uFFFDb", TokenDisplay.text(List.of("a", "<0xC3>", "b")));
        assertEquals("\uFFFD", TokenDisplay.text(List.of("<0xA9>")));
        assertEquals("\uFFFD", TokenDisplay.piece("<0xE2>"));
    }

    @Test
    void byteLevelPiecesSpellTheirBytes() {
        // GPT-2's map: space -> Ġ (U+0120), newline -> Ċ (U+010A), printable ASCII and Latin-1 stand for themselves
        assertEquals(" hello", TokenDisplay.fromByteLevel("\u0120hello"));
        assertEquals("\n", TokenDisplay.fromByteLevel("\u010A"));
        assertEquals("é", TokenDisplay.fromByteLevel("\u00C3\u00A9"));
        // half a character: its byte kept as a byte token, assembled with the next token's
        String first = TokenDisplay.fromByteLevel("\u0120caf\u00C3");
        String second = TokenDisplay.fromByteLevel("\u00A9");
        assertEquals(" caf<0xC3>", first);
        assertEquals("<0xA9>", second);
        assertEquals(" café", TokenDisplay.text(List.of(first, second)));
        assertEquals(List.of(" café", ""), TokenDisplay.texts(List.of(first, second)));
        // a piece with a character outside the byte-level alphabet (an added token) is left alone
        assertEquals("<|endoftext|>", TokenDisplay.fromByteLevel("<|endoftext|>"));
        assertEquals("\u4F60", TokenDisplay.fromByteLevel("\u4F60"));
    }
}
