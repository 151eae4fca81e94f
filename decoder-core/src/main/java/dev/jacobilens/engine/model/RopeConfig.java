package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jacobilens.engine.EngineException;

/**
 * Rotary position embedding settings, from either the legacy top-level {@code rope_theta} /
 * {@code rope_scaling} fields or the newer {@code rope_parameters} object.
 *
 * @param type   "default", "linear" or "llama3"
 * @param theta  the base of the inverse frequencies
 * @param factor scaling factor ("linear", "llama3"); 1 otherwise
 * @param lowFreqFactor  llama3 only
 * @param highFreqFactor llama3 only
 * @param originalMaxPositions llama3 only: original_max_position_embeddings
 */
public record RopeConfig(String type, double theta, double factor, double lowFreqFactor,
                         double highFreqFactor, int originalMaxPositions) {

    public static RopeConfig defaults(double theta) {
        return new RopeConfig("default", theta, 1, 1, 4, 8192);
    }

    static RopeConfig parse(JsonNode root) {
        JsonNode params = root.path("rope_parameters");
        JsonNode scaling = root.path("rope_scaling");
        double theta;
        JsonNode spec;
        if (params.isObject()) {
            theta = ConfigFields.real(params, "rope_theta", ConfigFields.real(root, "rope_theta", 10000.0));
            spec = params;
        } else {
            theta = ConfigFields.real(root, "rope_theta", 10000.0);
            spec = scaling.isObject() ? scaling : null;
        }
        if (!(theta > 0)) {
            throw new EngineException("rope_theta must be positive, got " + theta);
        }
        if (spec == null) {
            return defaults(theta);
        }
        String type = ConfigFields.text(spec, "rope_type", ConfigFields.text(spec, "type", "default"));
        switch (type) {
            case "default":
                return defaults(theta);
            case "linear":
                return new RopeConfig("linear", theta, factor(spec), 1, 4, 8192);
            case "llama3":
                return new RopeConfig("llama3", theta, factor(spec),
                        ConfigFields.real(spec, "low_freq_factor", 1.0),
                        ConfigFields.real(spec, "high_freq_factor", 4.0),
                        ConfigFields.integer(spec, "original_max_position_embeddings", 8192));
            default:
                throw new EngineException("RoPE scaling type '" + type
                        + "' is not supported (supported: default, linear, llama3)");
        }
    }

    private static double factor(JsonNode spec) {
        double f = ConfigFields.real(spec, "factor", Double.NaN);
        if (!(f > 0)) {
            throw new EngineException("RoPE scaling needs a positive 'factor', got " + spec.path("factor"));
        }
        return f;
    }
}
