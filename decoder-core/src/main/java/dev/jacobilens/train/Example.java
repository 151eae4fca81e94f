package dev.jacobilens.train;

/**
 * One training sequence: a prompt and its continuation. Loss is taken on the continuation
 * (the prompt is masked) unless the trainer is told to learn the prompt too.
 */
public record Example(int[] prompt, int[] continuation) {
    public int length() {
        return prompt.length + continuation.length;
    }
}
