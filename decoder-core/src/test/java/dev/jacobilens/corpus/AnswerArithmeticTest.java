package dev.jacobilens.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks every calculation in a few thousand generated answers, independently of Calc. */
class AnswerArithmeticTest {
    /** Shown expression, optional $, annotation, and the number written after it. */
    private static final Pattern STEP = Pattern.compile(
            "(\\d+)([-+*/])(\\d+)=(\\$?)<<(\\d+)([-+*/])(\\d+)=(\\d+)>>(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Corpus corpus = Corpus.generate(2500, 500, 11);

    @Test
    void everyAnnotationIsCorrectAndEveryAnswerEndsWithItsValue() {
        Stream.concat(corpus.train().stream(), corpus.test().stream()).forEach(AnswerArithmeticTest::check);
    }

    @Test
    void answersHaveTwoToFourSteps() {
        Stream.concat(corpus.train().stream(), corpus.test().stream()).forEach(s -> {
            int steps = count(s.problem().answer(), "<<");
            assertTrue(steps >= 2 && steps <= 4, steps + " steps in " + s);
        });
    }

    private static void check(Solved s) {
        String answer = s.problem().answer();
        String context = s.family() + ": " + s.problem();
        List<String> lines = List.of(answer.split("\n", -1));
        assertEquals("#### " + s.result(), lines.get(lines.size() - 1), context);
        assertEquals(Optional.of(String.valueOf(s.result())), Answers.extractFinal(answer), context);
        lines.subList(0, lines.size() - 1).forEach(l -> assertTrue(l.endsWith("."), "line '" + l + "' of " + context));

        // Operands must come from the question or from an earlier step: no invented numbers.
        Set<Long> known = new HashSet<>();
        NUMBER.matcher(s.problem().question()).results().forEach(m -> known.add(Long.parseLong(m.group())));
        Matcher m = STEP.matcher(answer);
        List<Long> results = new ArrayList<>();
        while (m.find()) {
            assertEquals(m.group(1) + m.group(2) + m.group(3), m.group(5) + m.group(6) + m.group(7),
                    "shown and annotated expressions differ in " + context);
            long a = Long.parseLong(m.group(5));
            long b = Long.parseLong(m.group(7));
            long c = Long.parseLong(m.group(8));
            assertEquals(evaluate(a, m.group(6).charAt(0), b, context), c, m.group() + " in " + context);
            assertEquals(m.group(8), m.group(9), "number after annotation in " + context);
            assertTrue(known.contains(a) && known.contains(b), "ungrounded operand in " + m.group() + ": " + context);
            known.add(c);
            results.add(c);
        }
        assertEquals(count(answer, "<<"), results.size(), "an annotation not in a op b form: " + context);
        assertEquals((long) s.result(), results.get(results.size() - 1), "last step is not the answer: " + context);
    }

    private static long evaluate(long a, char op, long b, String context) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '/' -> {
                if (b == 0 || a % b != 0) {
                    fail("inexact division " + a + "/" + b + " in " + context);
                }
                yield a / b;
            }
            default -> throw new AssertionError(op);
        };
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
