package dev.jacobilens.engine;

import dev.jacobilens.store.TokenDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Display strings of real tokenizers read as text: stories260K's SentencePiece-style vocabulary
 * with byte fallback, and a byte-level BPE vocabulary in the GPT-2 convention.
 */
class TokenizerDisplayTest {
    @TempDir
    Path tmp;

    @Test
    void sentencePieceWithByteFallbackReadsAsTheTokenizersOwnDecoding() {
        try (TextTokenizer tok = TextTokenizer.load(Fixtures.stories260k().resolve("tokenizer.json"))) {
            // a newline and a character outside the 512-piece vocabulary both fall back to bytes
            String text = "Tom said:\n\"Voilà, café!\"";
            int[] ids = tok.encodeContinuation(text);
            List<String> pieces = new ArrayList<>();
            for (int id : ids) {
                pieces.add(tok.display(id));
            }
            assertEquals(true, pieces.contains("<0x0A>"), pieces.toString());
            assertEquals(tok.decode(ids), TokenDisplay.text(pieces).strip());
            assertEquals(text, TokenDisplay.text(pieces).strip());
        }
    }

    @Test
    void byteLevelVocabularyShowsWhatItsBytesSpell() throws IOException {
        // vocabulary: "Ġcaf", "Ã" (byte C3), "©" (byte A9), "Ċ" (newline); ByteLevel pre-tokenizer and decoder
        String json = """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
                 "normalizer": null,
                 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
                 "post_processor": null,
                 "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
                 "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
                           "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false,
                           "vocab": {"\u0120caf": 0, "\u00C3": 1, "\u00A9": 2, "\u010A": 3, "\u0120": 4,
                                     "c": 5, "a": 6, "f": 7, "\u0120c": 8, "\u0120ca": 9},
                           "merges": ["\u0120 c", "\u0120c a", "\u0120ca f"]}}
                """;
        Path file = Files.writeString(tmp.resolve("tokenizer.json"), json);
        try (TextTokenizer tok = TextTokenizer.load(file)) {
            assertEquals(" caf", tok.display(0));
            assertEquals("\n", tok.display(3));
            List<String> pieces = List.of(tok.display(0), tok.display(1), tok.display(2), tok.display(3));
            assertEquals(" café\n", TokenDisplay.text(pieces));
            assertEquals(tok.decode(new int[] {0, 1, 2, 3}), TokenDisplay.text(pieces));
            assertEquals(List.of(" caf", "é", "\u2026é", "\n"), TokenDisplay.labels(pieces));
        }
    }
}
