package dev.jacobilens.app.files;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The recording JSON the app reads and writes until the trajectory store's own reader lands:
 * the store's records as Jackson maps them, with instants as ISO-8601 text. A file with a
 * "standard" or "consistency" member is a comparison, anything else a single recording.
 */
public final class JsonRecordingIo implements RecordingIo {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, new InstantWriter())
                    .addDeserializer(Instant.class, new InstantReader()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public OpenedFile open(Path file) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file.getFileName() + " is not a valid recording: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file.getFileName() + " is not a recording: it holds no JSON object");
        }
        try {
            if (root.has("standard") || root.has("consistency")) {
                Comparison comparison = mapper.treeToValue(root, Comparison.class);
                if (comparison.standard() == null && comparison.consistency() == null) {
                    throw new IOException(file.getFileName() + " is a comparison without any run");
                }
                return new OpenedFile(comparison, null);
            }
            Recording recording = mapper.treeToValue(root, Recording.class);
            if (recording.blocks() == null || recording.settings() == null || recording.outputIds() == null) {
                throw new IOException(file.getFileName() + " is not a recording: blocks, settings or output are missing");
            }
            return new OpenedFile(null, recording);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file.getFileName() + " is a damaged recording: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Path file, Comparison comparison) throws IOException {
        write(file, comparison);
    }

    @Override
    public void save(Path file, Recording recording) throws IOException {
        write(file, recording);
    }

    private void write(Path file, Object value) throws IOException {
        // Write beside the target and move, so a failed save never leaves half a file.
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".saving-", ".json");
        try {
            mapper.writeValue(temp.toFile(), value);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static final class InstantWriter extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantReader extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Instant.parse(p.getValueAsString());
            } catch (DateTimeParseException e) {
                throw ctxt.weirdStringException(p.getValueAsString(), Instant.class, "not an ISO-8601 instant");
            }
        }
    }
}
