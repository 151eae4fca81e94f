package dev.jacobilens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordTokenizerBuilderTest {
    @TempDir
    Path tmp;

    private static final List<String> ALWAYS_BY_CODE_POINT =
            List.of("\n", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "▁");

    @Test
    void ordersSpecialsThenCountThenText() {
        Vocabulary v = WordTokenizerBuilder.vocabulary(List.of("b a b", "c b a"), 1);
        List<String> expected = new ArrayList<>(SpecialTokens.ALL);
        expected.addAll(List.of("▁b", "▁a", "▁c"));
        // Digits, the bare meta space and newline are kept even though unseen (count 0).
        expected.addAll(ALWAYS_BY_CODE_POINT);
        assertEquals(expected, v.tokens());
    }

    @Test
    void breaksCountTiesLexicographically() {
        Vocabulary v = WordTokenizerBuilder.vocabulary(List.of("zeta alpha mid"), 1);
        assertEquals(List.of("▁alpha", "▁mid", "▁zeta"), v.tokens().subList(4, 7));
    }

    @Test
    void dropsPiecesBelowMinCountButKeepsDigits() {
        Vocabulary v = WordTokenizerBuilder.vocabulary(List.of("b a b", "c b a"), 2);
        assertEquals(List.of("▁b", "▁a"), v.tokens().subList(4, 6));
        assertTrue(v.tokens().containsAll(ALWAYS_BY_CODE_POINT));
        assertEquals(4 + 2 + ALWAYS_BY_CODE_POINT.size(), v.size());
    }

    @Test
    void rejectsMinCountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> WordTokenizerBuilder.vocabulary(List.of("a"), 0));
    }

    @Test
    void writesVocabularyAndConfigFiles() throws IOException {
        Vocabulary v = WordTokenizerBuilder.build(List.of("Tom has 72.", "Tom"), 1, tmp);
        ObjectMapper json = new ObjectMapper();
        JsonNode tokenizer = json.readTree(tmp.resolve(TokenizerFiles.TOKENIZER_FILE).toFile());
        JsonNode vocab = tokenizer.get("model").get("vocab");
        assertEquals(v.size(), vocab.size());
        for (int id = 0; id < v.size(); id++) {
            assertEquals(id, vocab.get(v.tokens().get(id)).asInt(), v.tokens().get(id));
        }
        JsonNode added = tokenizer.get("added_tokens");
        for (int id = 0; id < SpecialTokens.ALL.size(); id++) {
            assertEquals(id, added.get(id).get("id").asInt());
            assertEquals(SpecialTokens.ALL.get(id), added.get(id).get("content").asText());
            assertTrue(added.get(id).get("special").asBoolean());
        }
        JsonNode config = json.readTree(tmp.resolve(TokenizerFiles.CONFIG_FILE).toFile());
        assertEquals("<s>", config.get("bos_token").asText());
        assertEquals("</s>", config.get("eos_token").asText());
        assertEquals("<pad>", config.get("pad_token").asText());
        assertEquals("<unk>", config.get("unk_token").asText());
        assertEquals("PreTrainedTokenizerFast", config.get("tokenizer_class").asText());
        assertEquals(TokenizerFiles.DEFAULT_MODEL_MAX_LENGTH, config.get("model_max_length").asInt());
    }

    @Test
    void vocabularyMustStartWithTheSpecials() {
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("<s>", "<unk>", "</s>", "<pad>")));
        assertThrows(IllegalArgumentException.class,
                () -> new Vocabulary(List.of("<unk>", "<s>", "</s>", "<pad>", "a", "a")));
    }
}
