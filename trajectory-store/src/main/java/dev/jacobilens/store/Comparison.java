package dev.jacobilens.store;

/**
 * Two recordings of the same prompt: the standard model and the consistency model, each with an
 * optional AR reference timing (null when not measured).
 */
public record Comparison(String promptText, Recording standard, Recording consistency,
                         ArTiming standardAr, ArTiming consistencyAr) {
    public Comparison {
        if (promptText == null || standard == null || consistency == null) {
            throw new IllegalArgumentException("a comparison needs a prompt and both recordings");
        }
    }
}
