package dev.jacobilens.app.files;

/**
 * A prompt from {@code samples/prompts/*.jsonl}, in GSM8K's shape.
 *
 * @param source   the file it came from, without extension
 * @param question the prompt text
 * @param answer   the reference answer (may be empty)
 */
public record SamplePrompt(String source, String question, String answer) {
    @Override
    public String toString() {
        String oneLine = question.replace('\n', ' ');
        return source + ": " + (oneLine.length() > 80 ? oneLine.substring(0, 79) + "…" : oneLine);
    }
}
