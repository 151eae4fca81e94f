package dev.jacobilens.engine;

import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.engine.model.SafetensorsWriter;
import dev.jacobilens.store.DecodeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input is a clear EngineException naming the file or input, never a crash. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path copyOfFixture() throws IOException {
        return Fixtures.copyOfTinyLlama(tmp);
    }

    private static void expectError(Path dir, String... fragments) {
        EngineException e = assertThrows(EngineException.class, () -> Models.load(dir, "cpu").close());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    @Test
    void missingDirectory() {
        expectError(tmp.resolve("nowhere"), "nowhere", "does not exist");
    }

    @Test
    void missingConfig() throws IOException {
        Path dir = copyOfFixture();
        Files.delete(dir.resolve("config.json"));
        expectError(dir, "config.json", "missing");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path dir = copyOfFixture();
        Files.delete(dir.resolve("tokenizer.json"));
        expectError(dir, "tokenizer.json", "missing");
    }

    @Test
    void missingWeights() throws IOException {
        Path dir = copyOfFixture();
        Files.delete(dir.resolve("model.safetensors"));
        expectError(dir, "model.safetensors", "no weights");
    }

    @Test
    void truncatedSafetensors() throws IOException {
        Path dir = copyOfFixture();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        expectError(dir, "model.safetensors", "truncated");
    }

    @Test
    void corruptHeaderJson() throws IOException {
        Path dir = copyOfFixture();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw")) {
            f.seek(8);
            f.write("{{{{ not json".getBytes(StandardCharsets.UTF_8));
        }
        expectError(dir, "model.safetensors", "not valid JSON");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        Path dir = copyOfFixture();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        }
        expectError(dir, "model.safetensors", "header length");
    }

    @Test
    void emptyWeightsFile() throws IOException {
        Path dir = copyOfFixture();
        Files.write(dir.resolve("model.safetensors"), new byte[0]);
        expectError(dir, "model.safetensors", "not a safetensors file");
    }

    @Test
    void shapeAndByteRangeDisagree() throws IOException {
        Path dir = copyOfFixture();
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        writeRaw(dir.resolve("model.safetensors"), header, 8);
        expectError(dir, "model.safetensors", "'a'", "[3]");
    }

    @Test
    void overlappingTensors() throws IOException {
        Path dir = copyOfFixture();
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        writeRaw(dir.resolve("model.safetensors"), header, 12);
        expectError(dir, "model.safetensors", "overlap");
    }

    @Test
    void tensorOfTheWrongShape() throws IOException {
        Path dir = copyOfFixture();
        // A well-formed file whose embedding has the wrong width for config.json.
        new SafetensorsWriter().add("model.embed_tokens.weight", new float[101 * 32], 101, 32)
                .write(dir.resolve("model.safetensors"), "F32");
        expectError(dir, "model.embed_tokens.weight", "[101, 32]", "[101, 64]");
    }

    @Test
    void missingTensor() throws IOException {
        Path dir = copyOfFixture();
        new SafetensorsWriter().add("model.embed_tokens.weight", new float[101 * 64], 101, 64)
                .write(dir.resolve("model.safetensors"), "F32");
        expectError(dir, "model.layers.0.", "is missing from the checkpoint");
    }

    @Test
    void nonLlamaConfig() throws IOException {
        Path dir = copyOfFixture();
        editConfig(dir, "\"model_type\": \"llama\"", "\"model_type\": \"gpt2\"",
                "\"LlamaForCausalLM\"", "\"GPT2LMHeadModel\"");
        expectError(dir, "config.json", "unsupported architecture", "gpt2");
    }

    @Test
    void unsupportedRopeScaling() throws IOException {
        Path dir = copyOfFixture();
        editConfig(dir, "\"rope_type\": \"default\"", "\"rope_type\": \"yarn\", \"factor\": 4.0");
        expectError(dir, "config.json", "yarn", "not supported");
    }

    @Test
    void configThatIsNotJson() throws IOException {
        Path dir = copyOfFixture();
        Files.writeString(dir.resolve("config.json"), "{ this is not json");
        expectError(dir, "config.json", "not valid JSON");
    }

    @Test
    void configWithANegativeSize() throws IOException {
        Path dir = copyOfFixture();
        editConfig(dir, "\"hidden_size\": 64", "\"hidden_size\": -64");
        expectError(dir, "config.json", "hidden_size");
    }

    @Test
    void emptyPromptAndTooLongPrompt() throws IOException {
        Path dir = TestCheckpoints.write(tmp.resolve("short"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 16, 5);
        try (ModelHandle m = Models.load(dir, "cpu")) {
            DecodeSettings s = new DecodeSettings(dev.jacobilens.store.method.Jacobi.of(4), 0, 8, "cpu");
            EngineException empty = assertThrows(EngineException.class,
                    () -> m.decode("  ", s, DecodeListener.NONE, new Cancellation()));
            assertTrue(empty.getMessage().contains("empty"));
            String longPrompt = "the cat and the dog ".repeat(5);
            EngineException tooLong = assertThrows(EngineException.class,
                    () -> m.decode(longPrompt, s, DecodeListener.NONE, new Cancellation()));
            assertTrue(tooLong.getMessage().contains("max_position_embeddings"), tooLong.getMessage());
            assertTrue(tooLong.getMessage().contains("25 tokens"), tooLong.getMessage());
        }
    }

    @Test
    void unknownDeviceAndMissingDraft() throws IOException {
        EngineException device = assertThrows(EngineException.class, () -> Models.load(Fixtures.tinyLlama(), "tpu"));
        assertTrue(device.getMessage().contains("tpu"));
        try (ModelHandle m = Models.load(Fixtures.tinyLlama(), "cpu")) {
            EngineException draft = assertThrows(EngineException.class, () -> m.decode("the cat",
                    new DecodeSettings(dev.jacobilens.store.method.Speculative.DEFAULT, 0, 8, "cpu"),
                    DecodeListener.NONE, new Cancellation()));
            assertTrue(draft.getMessage().contains("needs a draft model"), draft.getMessage());
        }
    }

    private static void writeRaw(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Files.write(file, buf.array());
    }

    private static void editConfig(Path dir, String... replacements) throws IOException {
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        for (int i = 0; i < replacements.length; i += 2) {
            assertTrue(text.contains(replacements[i]), "fixture config should contain " + replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        Files.writeString(config, text);
    }
}
