package dev.jacobilens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {
    @Test
    void splitsWordsDigitsAndPunctuation() {
        assertEquals(List.of("▁Tom", "▁has", "▁", "7", "2", "."), PreTokenizer.split("Tom has 72."));
    }

    @Test
    void isolatesNewlinesAndKeepsRepeatedSpaces() {
        assertEquals(List.of("▁a", ".", "\n", "She", "▁", "▁has", "▁", "$", "5"),
                PreTokenizer.split("a.\nShe  has $5"));
    }

    @Test
    void splitsAnnotationsCharacterByCharacter() {
        assertEquals(List.of("▁", "<", "<", "4", "8", "/", "2", "=", "2", "4", ">", ">", "2", "4"),
                PreTokenizer.split("<<48/2=24>>24"));
    }

    @Test
    void treatsUnicodePunctuationAsPunctuationButNotSymbols() {
        // U+2019 is punctuation (Pf) and is split off; the euro sign is a symbol (Sc) and is not.
        assertEquals(List.of("▁Janet", "\u2019", "s", "▁", "5", "\u20ac"), PreTokenizer.split("Janet\u2019s 5\u20ac"));
    }

    @Test
    void emptyTextHasNoPieces() {
        assertEquals(List.of(), PreTokenizer.split(""));
    }
}
