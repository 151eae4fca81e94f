package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.jacobilens.store.method.DecodeMethod;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file form of {@link DecodeSettings}, the one files have always had:
 * <pre>
 * "settings": { "strategy": "lookahead", "block_size": 1, "seed": 0, "max_new_tokens": 128,
 *               "device": "cpu", "parameters": { "guesses": "12", "ngram": "6", ... } }
 * </pre>
 * {@code parameters} is left out when empty (AR, plain Jacobi) and absent in files written before
 * methods had parameters; every other field is required and strictly typed.
 */
final class DecodeSettingsJson {
    private DecodeSettingsJson() {
    }

    static final class Writer extends JsonSerializer<DecodeSettings> {
        @Override
        public void serialize(DecodeSettings s, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("strategy", s.method().id());
            gen.writeNumberField("block_size", s.method().blockSizeInFile());
            gen.writeNumberField("seed", s.seed());
            gen.writeNumberField("max_new_tokens", s.maxNewTokens());
            gen.writeStringField("device", s.device());
            // sorted, so that files are written the same way every time
            Map<String, String> parameters = new TreeMap<>(s.method().fileParameters());
            if (s.draftModel() != null) {
                parameters.put(DecodeSettings.DRAFT_MODEL, s.draftModel());
            }
            if (s.draftModel() != null || s.draftPasses() > 0) {
                parameters.put(DecodeSettings.DRAFT_PASSES, Integer.toString(s.draftPasses()));
            }
            if (!parameters.isEmpty()) {
                gen.writeObjectField("parameters", parameters);
            }
            gen.writeEndObject();
        }
    }

    /**
     * Binds the settings to a plain holder first (the strict mapper fails on any missing record
     * field, and {@code parameters} may be missing), straight from the parser so that locations
     * and paths are kept.
     */
    static final class Reader extends JsonDeserializer<DecodeSettings> {
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
            RequiredFields.check(ctxt, DecodeSettings.class, "settings", "strategy", h.strategy, "block_size",
                    h.blockSize, "seed", h.seed, "max_new_tokens", h.maxNewTokens);
            Map<String, String> parameters = h.parameters == null ? Map.of() : h.parameters;
            try {
                for (Map.Entry<String, String> e : parameters.entrySet()) {
                    if (e.getKey() == null || e.getValue() == null) {
                        throw new IllegalArgumentException("decode parameter " + e.getKey() + " = " + e.getValue()
                                + ": names and values must be present");
                    }
                }
                DecodeMethod method = DecodeMethod.fromFile(h.strategy, h.blockSize, parameters);
                return new DecodeSettings(method, h.seed, h.maxNewTokens, h.device,
                        parameters.get(DecodeSettings.DRAFT_MODEL), draftPasses(parameters));
            } catch (IllegalArgumentException e) {
                return (DecodeSettings) ctxt.reportInputMismatch(DecodeSettings.class, e.getMessage());
            }
        }

        private static int draftPasses(Map<String, String> parameters) {
            String v = parameters.get(DecodeSettings.DRAFT_PASSES);
            if (v == null) {
                return 0;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter " + DecodeSettings.DRAFT_PASSES
                        + " must be a whole number, got '" + v + "'");
            }
        }
    }
}
