package dev.jacobilens.corpus;

/** Builds a GSM8K answer: one reasoning sentence per line, then {@code #### N}. */
final class AnswerText {
    private final StringBuilder text = new StringBuilder();

    AnswerText line(String sentence) {
        text.append(sentence).append('\n');
        return this;
    }

    String end(int result) {
        return text + "#### " + result;
    }
}
