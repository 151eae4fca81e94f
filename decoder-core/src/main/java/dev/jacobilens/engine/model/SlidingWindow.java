package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jacobilens.engine.EngineException;

/**
 * Sliding-window attention, which this engine does not implement. Qwen2 turns it on with
 * {@code use_sliding_window} (or per layer, {@code layer_types}): such a config is refused by
 * name. Mistral's {@code sliding_window} W changes nothing for sequences of at most W tokens
 * (every earlier position is then inside the window), so a Mistral model runs with its context
 * limited to W.
 */
final class SlidingWindow {
    private SlidingWindow() {
    }

    static int limitPositions(JsonNode root, Architecture architecture, int maxPositions) {
        if (architecture == Architecture.QWEN2) {
            if (ConfigFields.bool(root, "use_sliding_window", false)) {
                throw new EngineException("use_sliding_window=true is not supported (sliding-window attention is not"
                        + " implemented); set it to false only if the model was trained without it");
            }
        }
        for (JsonNode kind : root.path("layer_types")) {
            if (!kind.asText().equals("full_attention")) {
                throw new EngineException("layer_types lists '" + kind.asText() + "' layers; only full_attention"
                        + " is supported");
            }
        }
        if (architecture == Architecture.MISTRAL && !ConfigFields.absent(root, "sliding_window")) {
            JsonNode w = root.get("sliding_window");
            if (!w.isIntegralNumber() || w.asLong() <= 0) {
                throw new EngineException("sliding_window must be a positive integer or null, got " + w);
            }
            return (int) Math.min(maxPositions, w.asLong());
        }
        return maxPositions;
    }
}
