package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file form of the store's enums ({@link StopReason}, {@link PassCandidates.Role}): each
 * constant's name in lower case ("max_new_tokens"); {@link JsonMapping} registers them.
 */
final class EnumIds {
    private EnumIds() {
    }

    static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant a file names.
     *
     * @param what what the word is, for the message ("stop reason")
     * @throws IllegalArgumentException for any other word (the message lists the known ones)
     */
    static <E extends Enum<E>> E parse(Class<E> type, String id, String what) {
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(id)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + id + "' (expected "
                + Arrays.stream(type.getEnumConstants()).map(EnumIds::id).collect(Collectors.joining(", ")) + ")");
    }

    static final class Writer extends JsonSerializer<Enum<?>> {
        @Override
        public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(id(value));
        }
    }

    static final class Reader<E extends Enum<E>> extends JsonDeserializer<E> {
        private final Class<E> type;
        private final String what;

        Reader(Class<E> type, String what) {
            this.type = type;
            this.what = what;
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            try {
                return parse(type, text, what);
            } catch (IllegalArgumentException e) {
                return type.cast(ctxt.handleWeirdStringValue(type, text, e.getMessage()));
            }
        }
    }
}
