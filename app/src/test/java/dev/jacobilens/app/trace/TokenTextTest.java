package dev.jacobilens.app.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a person reads in the text view and on chips: no raw markers, no raw byte tokens. */
class TokenTextTest {
    @Test
    void textAssemblesACharacterSplitAcrossByteTokens() {
        List<String> tokens = List.of(" Tom", " said", ":", "<0x0A>", "caf", "<0xC3>", "<0xA9>", "!");
        assertEquals(" Tom said:\ncafé!", TokenText.text(tokens));
    }

    @Test
    void chipsShowSpacesNewlinesAndEachPartOfACharacter() {
        List<String> chips = TokenText.chips(List.of("\u2581caf", "<0xC3>", "<0xA9>", "<0x0A>", "\u0120the"));
        assertEquals(List.of("\u00B7caf", "é", "\u2026é", "\u21B5", "\u00B7the"), chips);
        for (String chip : chips) {
            assertFalse(chip.contains("<0x"), chip);
        }
    }

    @Test
    void aLoneTokenThatCannotFinishItsCharacterIsNotShownRaw() {
        assertEquals("\uFFFD", TokenText.plain("<0xC3>"));
        assertEquals("\n", TokenText.plain("\u010A"));
    }
}
