package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jacobilens.engine.EngineException;

/**
 * Strict readers of config.json fields. Jackson's {@code asDouble(fallback)} quietly turns a
 * string such as {@code "10000"} into the fallback, so a typo in the file silently changed the
 * model; here a present field of the wrong type is an error naming the field and its value.
 * An absent or null field takes the documented default.
 */
final class ConfigFields {
    private ConfigFields() {
    }

    static boolean absent(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull();
    }

    /** A finite number, or the fallback when absent. */
    static double real(JsonNode node, String field, double fallback) {
        if (absent(node, field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new EngineException("field '" + field + "' must be a finite number, got " + v);
        }
        return v.asDouble();
    }

    /** An int, or the fallback when absent. */
    static int integer(JsonNode node, String field, int fallback) {
        if (absent(node, field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new EngineException("field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    static boolean bool(JsonNode node, String field, boolean fallback) {
        if (absent(node, field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw new EngineException("field '" + field + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    static String text(JsonNode node, String field, String fallback) {
        if (absent(node, field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw new EngineException("field '" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }
}
