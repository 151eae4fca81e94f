package dev.jacobilens.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one Jackson configuration for recording files: record components become snake_case fields
 * (nothing else is serialised), unknown fields are ignored so that older readers tolerate newer
 * additions, and types are strict (no "8" for 8, no 8.5 for an int) so that a corrupt file is
 * reported rather than silently reinterpreted.
 */
final class JsonMapping {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .addModule(new SimpleModule("instant-as-iso-string")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addDeserializer(Instant.class, new InstantDeserializer())
                    .addSerializer(DecodeSettings.class, new DecodeSettingsJson.Writer())
                    .addDeserializer(DecodeSettings.class, new DecodeSettingsJson.Reader())
                    .addDeserializer(Recording.class, new RecordingReader())
                    .addSerializer(StopReason.class, new EnumIds.Writer())
                    .addDeserializer(StopReason.class, new EnumIds.Reader<>(StopReason.class, "stop reason"))
                    .addSerializer(PassCandidates.Role.class, new EnumIds.Writer())
                    .addDeserializer(PassCandidates.Role.class,
                            new EnumIds.Reader<>(PassCandidates.Role.class, "candidate role")))
            .build();

    /** Objects indented, id arrays kept on one line so that a file stays readable. */
    static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);

    private JsonMapping() {
    }

    /**
     * Turns a Jackson failure into an error that names the file, the problem and its location.
     *
     * @param root name of the JSON object the failing value was bound from, prefixed to its path
     */
    static RecordingFormatException formatError(Path file, String root, JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException invalid) {
            problem = invalid.getMessage();
        } else if (problem.contains("end-of-input")) {
            // Jackson reports a cut-off document from several places, not always as JsonEOFException.
            problem = "the JSON ends early (truncated file?): " + problem;
        }
        // Jackson suggests enabling coercion; the reader is strict on purpose, so drop the hint.
        problem = problem.replaceAll("\\s*\\(but [^)]*CoercionConfig[^)]*\\)", "");
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem = "at " + root + jsonPath(mapping) + ": " + problem;
        }
        problem = problem.replace('\n', ' ');
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
        return new RecordingFormatException(file, problem, line, column, e);
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                        "not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }
}
