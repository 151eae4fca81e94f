package dev.jacobilens.corpus;

import java.util.Objects;

/**
 * One prompt of a prompt file: the text the model is prompted with and, for GSM8K-format
 * problems, the reference answer; free-text prompts (story openings) have none.
 */
public record Prompt(String text, String answer) {
    public Prompt {
        Objects.requireNonNull(text, "text");
    }

    public boolean hasAnswer() {
        return answer != null;
    }

    /** The GSM8K problem this prompt is; only for prompts with an answer. */
    public Problem problem() {
        if (answer == null) {
            throw new IllegalStateException("a free-text prompt has no answer");
        }
        return new Problem(text, answer);
    }
}
