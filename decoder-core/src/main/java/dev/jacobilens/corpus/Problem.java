package dev.jacobilens.corpus;

import java.util.Objects;

/** One GSM8K-format problem: the question the model is prompted with and the worked answer. */
public record Problem(String question, String answer) {
    public Problem {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
    }
}
