package dev.jacobilens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.model.SafetensorsFile;
import dev.jacobilens.engine.model.TensorEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile model inputs that used to get through: FIFOs that hung the loader, config values
 * of the wrong type or range that fell back to defaults, overlaps hidden behind an empty tensor,
 * weights the config does not use, a tokenizer larger than the model, a file truncated while
 * mapped, NaN weights. Each is now refused (or warned about) with the file and problem named.
 */
class HostileModelInputTest {
    @TempDir
    Path tmp;

    private Path copyOfFixture() throws IOException {
        return Fixtures.copyOfTinyLlama(tmp);
    }

    private static void expectError(Path dir, String... fragments) {
        EngineException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(EngineException.class, () -> Models.load(dir, "cpu").close()));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    private static void setConfig(Path dir, String field, JsonNode value) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        config.set(field, value);
        json.writeValue(dir.resolve("config.json").toFile(), config);
    }

    private static void mkfifo(Path file) throws Exception {
        Files.deleteIfExists(file);
        Process p = new ProcessBuilder("mkfifo", file.toString()).start();
        assertTrue(p.waitFor() == 0, "mkfifo failed");
    }

    @Test
    void aFifoConfigIsRefusedInsteadOfHanging() throws Exception {
        Path dir = copyOfFixture();
        mkfifo(dir.resolve("config.json"));
        expectError(dir, "config.json", "FIFO");
    }

    @Test
    void aFifoWeightsFileIsRefusedInsteadOfHanging() throws Exception {
        Path dir = copyOfFixture();
        mkfifo(dir.resolve("model.safetensors"));
        expectError(dir, "model.safetensors", "FIFO");
    }

    @Test
    void configValuesOfTheWrongTypeAreRefusedNotDefaulted() throws IOException {
        Path dir = copyOfFixture();
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        config.remove("rope_parameters");
        config.put("rope_theta", "10000");
        json.writeValue(dir.resolve("config.json").toFile(), config);
        expectError(dir, "config.json", "rope_theta", "\"10000\"");
        setConfig(dir, "rope_theta", json.getNodeFactory().numberNode(10000.0));
        setConfig(dir, "rms_norm_eps", json.getNodeFactory().textNode("1e-5"));
        expectError(dir, "config.json", "rms_norm_eps");
    }

    @Test
    void outOfRangeConfigValuesAreRefusedBeforeAllocating() throws IOException {
        Path dir = copyOfFixture();
        ObjectMapper json = new ObjectMapper();
        setConfig(dir, "rms_norm_eps", json.getNodeFactory().numberNode(-1.0));
        expectError(dir, "config.json", "rms_norm_eps", "-1");
        setConfig(dir, "rms_norm_eps", json.getNodeFactory().numberNode(1e-5));
        setConfig(dir, "max_position_embeddings", json.getNodeFactory().numberNode(Integer.MAX_VALUE));
        expectError(dir, "config.json", "max_position_embeddings", "2147483647");
        setConfig(dir, "max_position_embeddings", json.getNodeFactory().numberNode(512));
        setConfig(dir, "eos_token_id", json.createArrayNode());
        expectError(dir, "config.json", "eos_token_id", "empty");
    }

    @Test
    void overlapBehindAnEmptyTensorIsFound() throws IOException {
        Path dir = copyOfFixture();
        // a and b share bytes 6..8; the empty tensor z sorts between them.
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[6,14]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 14).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Files.write(dir.resolve("model.safetensors"), buf.array());
        expectError(dir, "model.safetensors", "'a' and 'b' overlap");
    }

    @Test
    void weightsTheConfigDoesNotUseAreRefused() throws IOException {
        Path dir = copyOfFixture();
        setConfig(dir, "num_hidden_layers", new ObjectMapper().getNodeFactory().numberNode(1));
        expectError(dir, dir.toString(), "not used by config.json", "model.layers.1.");
    }

    @Test
    void aTokenizerLargerThanTheModelIsRefused() throws IOException {
        Path dir = copyOfFixture();
        setConfig(dir, "vocab_size", new ObjectMapper().getNodeFactory().numberNode(50));
        setConfig(dir, "pad_token_id", new ObjectMapper().getNodeFactory().numberNode(0));
        expectError(dir, "tokenizer.json", "vocab_size is 50");
    }

    @Test
    void aModelVocabularyLargerThanItsTokenizersIsSaidAtLoadTime() throws IOException {
        Path dir = copyOfFixture();
        setConfig(dir, "vocab_size", new ObjectMapper().getNodeFactory().numberNode(120));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // the fixture's weights have 101 rows, so loading then fails on their shape, by name
            expectError(dir, "model.embed_tokens.weight");
        } finally {
            System.setErr(before);
        }
        String note = captured.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("vocabulary (120) is larger than its tokenizer's (101)"), note);
    }

    @Test
    void aWeightsFileTruncatedWhileMappedIsAnErrorNotAnInternalError() throws IOException {
        Path dir = copyOfFixture();
        Path weights = dir.resolve("model.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            TensorEntry embed = f.tensors().get("model.embed_tokens.weight");
            try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
                raf.setLength(16); // shorter than any tensor's bytes now
            }
            EngineException e = assertThrows(EngineException.class, () -> f.readFloats(embed));
            assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("embed_tokens"),
                    e.getMessage());
        }
    }

    @Test
    void nonFiniteWeightsAreWarnedAbout() throws IOException {
        Path dir = copyOfFixture();
        Path weights = dir.resolve("model.safetensors");
        long at;
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            TensorEntry norm = f.tensors().get("model.norm.weight");
            ByteBuffer len = ByteBuffer.wrap(Files.readAllBytes(weights), 0, 8).order(ByteOrder.LITTLE_ENDIAN);
            at = 8 + len.getLong() + norm.begin();
        }
        try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
            raf.seek(at);
            raf.write(new byte[] {0, 0, (byte) 0xc0, 0x7f}); // NaN, little-endian
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Models.load(dir, "cpu").close();
        } finally {
            System.setErr(before);
        }
        String warning = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("model.norm.weight") && warning.contains("1 non-finite"), warning);
    }
}
