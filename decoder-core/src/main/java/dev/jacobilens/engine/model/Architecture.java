package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jacobilens.engine.EngineException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The decoder-only architectures the forward pass runs. They are one model: Qwen2 is Llama with
 * biases on the query, key and value projections (and, in its checkpoints, usually tied
 * embeddings and rope_theta 1e6, which are config values Llama has too); Mistral is Llama with a
 * sliding window. What differs is read from config.json, never a second copy of the model code.
 */
public enum Architecture {
    LLAMA("LlamaForCausalLM", "llama", false),
    QWEN2("Qwen2ForCausalLM", "qwen2", true),
    MISTRAL("MistralForCausalLM", "mistral", false);

    private final String className;
    private final String modelType;
    private final boolean qkvBias;

    Architecture(String className, String modelType, boolean qkvBias) {
        this.className = className;
        this.modelType = modelType;
        this.qkvBias = qkvBias;
    }

    /** The transformers class name config.json lists under "architectures". */
    public String className() {
        return className;
    }

    public String modelType() {
        return modelType;
    }

    /** Whether q_proj, k_proj and v_proj carry a bias vector. */
    public boolean qkvBias() {
        return qkvBias;
    }

    /** "LlamaForCausalLM (model_type llama), ...": for messages that list what is supported. */
    public static String supported() {
        return Arrays.stream(values()).map(a -> a.className + " (model_type " + a.modelType + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * The architecture config.json names. Its "architectures" list and its "model_type" must both
     * name a supported one when present, and agree: a checkpoint whose class says one thing and
     * whose type says another is refused rather than guessed at.
     */
    static Architecture of(JsonNode root) {
        String modelType = ConfigFields.text(root, "model_type", "");
        List<String> classes = new ArrayList<>();
        for (JsonNode a : root.path("architectures")) {
            classes.add(a.asText());
        }
        Architecture byType = null;
        for (Architecture a : values()) {
            if (a.modelType.equals(modelType)) {
                byType = a;
            }
        }
        Architecture byClass = null;
        for (String c : classes) {
            for (Architecture a : values()) {
                if (a.className.equals(c)) {
                    byClass = a;
                }
            }
        }
        boolean unknownType = !modelType.isEmpty() && byType == null;
        boolean unknownClass = !classes.isEmpty() && byClass == null;
        if (unknownType || unknownClass || (byType == null && byClass == null)) {
            throw new EngineException("unsupported architecture: model_type '" + modelType + "', architectures "
                    + (classes.isEmpty() ? "none" : classes) + "; Jacobi Lens runs " + supported());
        }
        if (byType != null && byClass != null && byType != byClass) {
            throw new EngineException("architectures " + classes + " and model_type '" + modelType
                    + "' name different models; Jacobi Lens runs " + supported());
        }
        return byType != null ? byType : byClass;
    }
}
