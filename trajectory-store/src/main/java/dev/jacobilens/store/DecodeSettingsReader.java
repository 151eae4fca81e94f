package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

import java.io.IOException;
import java.util.Map;

/**
 * Reads {@link DecodeSettings} so that files written before {@code parameters} existed still
 * load (as no parameters), while every other field stays required and strictly typed. The
 * strict mapper fails on any missing record field, so the settings are first bound to a plain
 * holder without a creator, straight from the parser (locations and paths are kept).
 */
final class DecodeSettingsReader extends JsonDeserializer<DecodeSettings> {
    /** Bound by field; null means absent. */
    static final class Holder {
        String strategy;
        Integer blockSize;
        Long seed;
        Integer maxNewTokens;
        String device;
        Map<String, String> parameters;
    }

    @Override
    public DecodeSettings deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        Holder h = ctxt.readValue(p, Holder.class);
        require(ctxt, h.strategy, "strategy");
        require(ctxt, h.blockSize, "block_size");
        require(ctxt, h.seed, "seed");
        require(ctxt, h.maxNewTokens, "max_new_tokens");
        try {
            return new DecodeSettings(h.strategy, h.blockSize, h.seed, h.maxNewTokens, h.device,
                    h.parameters == null ? Map.of() : h.parameters);
        } catch (IllegalArgumentException e) {
            return (DecodeSettings) ctxt.reportInputMismatch(DecodeSettings.class, e.getMessage());
        }
    }

    private static void require(DeserializationContext ctxt, Object value, String field) throws IOException {
        if (value == null) {
            ctxt.reportInputMismatch(DecodeSettings.class, "Missing required field '" + field + "' of the settings");
        }
    }
}
