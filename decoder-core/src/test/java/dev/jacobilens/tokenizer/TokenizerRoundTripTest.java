package dev.jacobilens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.jacobilens.corpus.Corpus;
import dev.jacobilens.corpus.GsmJsonl;
import dev.jacobilens.corpus.Problem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written tokenizer.json, loaded by DJL (the Rust tokenizers library), on a 2,000-problem corpus. */
class TokenizerRoundTripTest {
    @TempDir
    static Path dir;

    static List<String> trainTexts;
    static List<String> testTexts;
    static HuggingFaceTokenizer plain;
    static HuggingFaceTokenizer withBos;

    @BeforeAll
    static void buildFromTrain() throws IOException {
        Corpus corpus = Corpus.generate(1800, 200, 2024);
        trainTexts = texts(Corpus.problems(corpus.train()));
        testTexts = texts(Corpus.problems(corpus.test()));
        WordTokenizerBuilder.build(trainTexts, 1, dir);
        plain = TokenizerLoader.open(dir, false);
        withBos = TokenizerLoader.open(dir, true);
    }

    @AfterAll
    static void close() {
        plain.close();
        withBos.close();
    }

    @Test
    void decodeOfEncodeIsTheTextForEveryQuestionAndAnswer() {
        for (String text : all()) {
            assertEquals(text, plain.decode(plain.encode(text).getIds(), true));
            assertEquals(text, withBos.decode(withBos.encode(text).getIds(), true));
        }
    }

    @Test
    void javaPreTokenizerSplitsExactlyAsTheLibrary() {
        for (String text : all()) {
            assertEquals(PreTokenizer.split(text), Arrays.asList(plain.encode(text).getTokens()), text);
        }
    }

    @Test
    void javaPreTokenizerMatchesOnRealGsm8kText() throws IOException, URISyntaxException {
        // Real GSM8K has curly quotes, commas, double spaces and symbols our corpus lacks. A
        // tokenizer built from these very texts has no unknowns, so its tokens are the raw pieces.
        List<String> real = texts(GsmJsonl.read(Path.of(
                TokenizerRoundTripTest.class.getResource("/gsm8k/test-slice.jsonl").toURI())));
        Path realDir = dir.resolve("real");
        WordTokenizerBuilder.build(real, 1, realDir);
        try (HuggingFaceTokenizer tokenizer = TokenizerLoader.open(realDir, false)) {
            for (String text : real) {
                Encoding e = tokenizer.encode(text);
                assertEquals(PreTokenizer.split(text), Arrays.asList(e.getTokens()), text);
                assertEquals(text, tokenizer.decode(e.getIds(), true));
            }
        }
    }

    @Test
    void testSplitHasNoUnknownTokens() {
        for (String text : testTexts) {
            assertTrue(LongStream.of(plain.encode(text).getIds()).noneMatch(id -> id == SpecialTokens.UNK_ID), text);
        }
    }

    @Test
    void digitsAreSingleTokens() {
        for (String text : all()) {
            for (String token : plain.encode(text).getTokens()) {
                assertTrue(token.chars().noneMatch(Character::isDigit) || token.length() == 1, token);
            }
        }
        Encoding big = plain.encode("#### 9876543210");
        // Text that starts with punctuation still gets the prepended meta space, on its own.
        assertEquals(List.of("▁", "#", "#", "#", "#", "▁", "9", "8", "7", "6", "5", "4", "3", "2", "1", "0"),
                Arrays.asList(big.getTokens()));
        assertEquals("#### 9876543210", plain.decode(big.getIds(), true));
    }

    @Test
    void bosIsPrependedOnlyWhenAskedAndNoEosIsAdded() {
        String question = testTexts.get(0);
        long[] bare = plain.encode(question).getIds();
        long[] bos = withBos.encode(question).getIds();
        assertEquals(SpecialTokens.BOS_ID, bos[0]);
        assertArrayEquals(bare, Arrays.copyOfRange(bos, 1, bos.length));
        assertTrue(bare[0] != SpecialTokens.BOS_ID && bare[bare.length - 1] != SpecialTokens.EOS_ID);
    }

    @Test
    void specialTokensHaveTheFixtureIdsAndAreSkippedWhenDecoding() {
        long[] ids = plain.encode("<s> Tom </s><pad>").getIds();
        assertEquals(SpecialTokens.BOS_ID, ids[0]);
        assertEquals(SpecialTokens.EOS_ID, ids[ids.length - 2]);
        assertEquals(SpecialTokens.PAD_ID, ids[ids.length - 1]);
        assertEquals(SpecialTokens.UNK_ID, plain.encode("zyzzyva").getIds()[0]);
        assertEquals("Tom", plain.decode(new long[] {1, ids[1], 2, 3}, true));
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(trainTexts);
        all.addAll(testTexts);
        return all;
    }

    private static List<String> texts(List<Problem> problems) {
        List<String> out = new ArrayList<>();
        problems.forEach(p -> {
            out.add(p.question());
            out.add(p.answer());
        });
        return out;
    }
}
