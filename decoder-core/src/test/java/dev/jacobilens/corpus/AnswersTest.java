package dev.jacobilens.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswersTest {
    @Test
    void normalisesTheFinalNumber() {
        assertEquals(Optional.of("72"), Answers.extractFinal("She sold 48/2=<<48/2=24>>24.\n#### 72"));
        assertEquals(Optional.of("1080"), Answers.extractFinal("#### 1,080"));
        assertEquals(Optional.of("18"), Answers.extractFinal("#### $18"));
        assertEquals(Optional.of("18"), Answers.extractFinal("####18.0"));
        assertEquals(Optional.of("18.5"), Answers.extractFinal("#### 18.50"));
        assertEquals(Optional.of("-3"), Answers.extractFinal("#### -3"));
        assertEquals(Optional.of("7"), Answers.extractFinal("#### 007 apples"));
    }

    @Test
    void takesTheFirstMarkerAndIgnoresWhatFollows() {
        assertEquals(Optional.of("5"), Answers.extractFinal("#### 5\nThen more.\n#### 6"));
        assertEquals(Optional.of("12"), Answers.extractFinal("#### 12</s><pad>"));
    }

    @Test
    void isEmptyWithoutAMarkedNumber() {
        assertEquals(Optional.empty(), Answers.extractFinal("She has 72 apples."));
        assertEquals(Optional.empty(), Answers.extractFinal("#### many"));
        assertEquals(Optional.empty(), Answers.extractFinal(""));
    }
}
