package dev.jacobilens.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextQualityTest {
    @Test
    void repetitionCountsFourGramsSeenEarlierInTheSameOutput() {
        // a b c d a b c d: 4-grams abcd bcda cdab dabc abcd -> 5, the last one repeats
        TextQuality.Repetition r = TextQuality.repetition(new int[] {1, 2, 3, 4, 1, 2, 3, 4});
        assertEquals(new TextQuality.Repetition(1, 5), r);
        assertEquals(0.2, r.rate(), 1e-12);
        // 7 7 7 7 7 7: 4-grams at 0, 1, 2 all "7 7 7 7" -> 2 of 3 repeat
        assertEquals(new TextQuality.Repetition(2, 3), TextQuality.repetition(new int[] {7, 7, 7, 7, 7, 7}));
        // no repeat; and an output shorter than 4 tokens holds no 4-gram
        assertEquals(new TextQuality.Repetition(0, 3), TextQuality.repetition(new int[] {1, 2, 3, 4, 5, 6}));
        assertEquals(TextQuality.Repetition.NONE, TextQuality.repetition(new int[] {1, 2, 3}));
        assertEquals(0, TextQuality.Repetition.NONE.rate());
    }

    @Test
    void repetitionOfASetWeighsEveryFourGramTheSame() {
        TextQuality.Repetition set = TextQuality.repetition(new int[] {1, 2, 3, 4, 1, 2, 3, 4})
                .plus(TextQuality.repetition(new int[] {7, 7, 7, 7, 7, 7}));
        assertEquals(3 / 8.0, set.rate(), 1e-12);
    }

    @Test
    void perplexityIsTheExponentOfTheMeanNegativeLogLikelihoodOverAllTokens() {
        // two tokens of probability 1/2 and two of 1/8: mean NLL = (2 ln 2 + 2 ln 8) / 4 = 2 ln 2 -> 4
        TextQuality.LogLikelihood a = new TextQuality.LogLikelihood(2 * Math.log(2), 2);
        TextQuality.LogLikelihood b = new TextQuality.LogLikelihood(2 * Math.log(8), 2);
        assertEquals(4.0, a.plus(b).perplexity(), 1e-12);
        assertEquals(2.0, a.perplexity(), 1e-12);
        assertTrue(Double.isNaN(TextQuality.LogLikelihood.NONE.perplexity()));
    }

    @Test
    void outputEndsAtTheFirstEosIncluded() {
        assertArrayEquals(new int[] {5, 6, 2}, TextQuality.untilFirstEos(new int[] {5, 6, 2, 9, 2}, id -> id == 2));
        assertArrayEquals(new int[] {5, 6}, TextQuality.untilFirstEos(new int[] {5, 6}, id -> id == 2));
    }
}
