package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes recording files: JSON, gzip-compressed when the name ends with {@code .gz}.
 *
 * <p>Layout (schema version 1), fields in this order when written:
 * <pre>
 * { "schema_version": 1, "kind": "recording",  "recording":  { ...Recording... } }
 * { "schema_version": 1, "kind": "comparison", "comparison": { ...Comparison... } }
 * </pre>
 * Inside, every record component is a snake_case field ({@code prompt_ids},
 * {@code accepted_per_pass}, ...), {@code created_at} is an ISO-8601 string, token strings are
 * an object keyed by id. Readers ignore fields they do not know, so adding a field does not need
 * a new schema version; changing or removing one does.
 *
 * <p>Writes are atomic ({@link AtomicFiles}). Reads check {@code schema_version} and
 * {@code kind} before binding, so a file from a newer version is reported as such instead of
 * as whatever its new content trips over.
 */
public final class RecordingFiles {
    /** The schema version this code writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    private RecordingFiles() {
    }

    public static void write(Path file, Recording recording) throws IOException {
        writeEnvelope(file, RecordingFile.OfRecording.KIND, recording);
    }

    public static void write(Path file, Comparison comparison) throws IOException {
        writeEnvelope(file, RecordingFile.OfComparison.KIND, comparison);
    }

    /** Writes what a file held, as it held it. */
    public static void write(Path file, RecordingFile content) throws IOException {
        if (content instanceof RecordingFile.OfRecording r) {
            write(file, r.recording());
        } else if (content instanceof RecordingFile.OfComparison c) {
            write(file, c.comparison());
        }
    }

    /** A comparison file's content, for a writer that stages several outputs ({@link StagedOutputs}). */
    public static AtomicFiles.Writer writer(Comparison comparison) {
        return envelope(RecordingFile.OfComparison.KIND, comparison);
    }

    private static void writeEnvelope(Path file, String kind, Object payload) throws IOException {
        AtomicFiles.write(file, envelope(kind, payload));
    }

    private static AtomicFiles.Writer envelope(String kind, Object payload) {
        return out -> {
            try (JsonGenerator gen = JsonMapping.MAPPER.createGenerator(out)) {
                gen.setPrettyPrinter(JsonMapping.PRETTY);
                gen.writeStartObject();
                gen.writeNumberField("schema_version", SCHEMA_VERSION);
                gen.writeStringField("kind", kind);
                gen.writeFieldName(kind);
                JsonMapping.MAPPER.writeValue(gen, payload);
                gen.writeEndObject();
                gen.writeRaw('\n');
            }
        };
    }

    /**
     * Reads a recording or comparison file.
     *
     * @throws RecordingFormatException the file is not a readable recording file (the message
     *                                  names the file, the problem and its location)
     * @throws IOException              the file cannot be read at all
     */
    public static RecordingFile read(Path file) throws IOException {
        String kind = readHeader(file);
        Object payload = readPayload(file, kind);
        return payload instanceof Recording r ? new RecordingFile.OfRecording(r)
                : new RecordingFile.OfComparison((Comparison) payload);
    }

    /** Reads a file that must hold a single recording. */
    public static Recording readRecording(Path file) throws IOException {
        RecordingFile content = read(file);
        if (content instanceof RecordingFile.OfRecording r) {
            return r.recording();
        }
        throw new RecordingFormatException(file, "holds a " + content.kind() + ", not a single recording");
    }

    /** Reads a file that must hold a comparison. */
    public static Comparison readComparison(Path file) throws IOException {
        RecordingFile content = read(file);
        if (content instanceof RecordingFile.OfComparison c) {
            return c.comparison();
        }
        throw new RecordingFormatException(file, "holds a " + content.kind() + ", not a comparison");
    }

    /** First pass: checks the whole file is JSON and returns its kind, once the version allows. */
    private static String readHeader(Path file) throws IOException {
        Integer version = null;
        String kind = null;
        try (InputStream in = open(file); JsonParser p = JsonMapping.MAPPER.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new RecordingFormatException(file, "the file is empty");
            }
            if (first == JsonToken.START_ARRAY) {
                throw error(file, p, "the top level is a JSON array, not a recording object"
                        + " (a CLLM trajectory file? import it with the CLLM importer)");
            }
            if (first != JsonToken.START_OBJECT) {
                throw error(file, p, "the top level is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("schema_version")) {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        throw error(file, p, "schema_version must be an integer");
                    }
                    version = p.getIntValue();
                } else if (field.equals("kind")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw error(file, p, "kind must be a string");
                    }
                    kind = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw error(file, p, "unexpected content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            throw JsonMapping.formatError(file, "", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new RecordingFormatException(file, "the gzip data is truncated or corrupt: " + e.getMessage());
        }
        if (version == null) {
            throw new RecordingFormatException(file, "no schema_version: not a Jacobi Lens recording file");
        }
        if (version > SCHEMA_VERSION) {
            throw new RecordingFormatException(file, "written with schema_version " + version
                    + " by a newer Jacobi Lens; this version reads up to " + SCHEMA_VERSION);
        }
        if (version < 1) {
            throw new RecordingFormatException(file, "invalid schema_version " + version);
        }
        if (!RecordingFile.OfRecording.KIND.equals(kind) && !RecordingFile.OfComparison.KIND.equals(kind)) {
            throw new RecordingFormatException(file, "kind is " + (kind == null ? "missing" : "\"" + kind + "\"")
                    + "; expected \"recording\" or \"comparison\"");
        }
        return kind;
    }

    /** Second pass: binds the payload field named after the kind, keeping parser locations. */
    private static Object readPayload(Path file, String kind) throws IOException {
        Class<?> type = kind.equals(RecordingFile.OfRecording.KIND) ? Recording.class : Comparison.class;
        try (InputStream in = open(file); JsonParser p = JsonMapping.MAPPER.createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(kind)) {
                    if (value != JsonToken.START_OBJECT) {
                        throw error(file, p, "\"" + kind + "\" must be an object");
                    }
                    return JsonMapping.MAPPER.readValue(p, type);
                }
                p.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw JsonMapping.formatError(file, kind, e);
        }
        throw new RecordingFormatException(file, "kind is \"" + kind + "\" but there is no \"" + kind + "\" object");
    }

    /** Opens a file for reading, decompressing {@code .gz}; a non-gzip .gz file is a format error. */
    static InputStream open(Path file) throws IOException {
        InputFiles.require(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (!AtomicFiles.isGzip(file)) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | java.io.EOFException e) {
            raw.close();
            throw new RecordingFormatException(file, "the name ends with .gz but the content is not gzip");
        }
    }

    private static RecordingFormatException error(Path file, JsonParser p, String problem) {
        var location = p.currentTokenLocation();
        return new RecordingFormatException(file, problem, location.getLineNr(), location.getColumnNr(), null);
    }
}
