package dev.jacobilens.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.RopeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * config.json announces the dtype that is meant: weights stored in F16 but announced as float32
 * (what train-base and distill write) make transformers compute in float32, as this engine does.
 * Checked against the files written, for each spelling of each dtype.
 */
class CheckpointDtypeTest {
    @TempDir
    Path tmp;

    @Test
    void configAnnouncesTheRequestedDtypeAndTheWeightsKeepTheirs() throws IOException {
        String[][] cases = {{"F16", "float32", "float32", "F16"}, {"F16", "F32", "float32", "F16"},
                {"F32", "float32", "float32", "F32"}, {"F16", "float16", "float16", "F16"},
                {"BF16", "bfloat16", "bfloat16", "BF16"}, {"F16", "BF16", "bfloat16", "F16"}};
        for (String[] c : cases) {
            Path dir = write(tmp.resolve(c[0] + "-" + c[1]), c[0], c[1]);
            JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
            assertEquals(c[2], config.path("torch_dtype").asText(), String.join(" ", c));
            assertEquals(c[3], safetensorsDtype(dir.resolve("model.safetensors")), String.join(" ", c));
        }
    }

    @Test
    void anUnknownDtypeIsRefusedNotGuessed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(tmp.resolve("bad"), "F16", "float64"));
        assertEquals(true, e.getMessage().contains("float64"), e.getMessage());
    }

    private static Path write(Path dir, String dtype, String configDtype) throws IOException {
        LlamaConfig config = new LlamaConfig(101, 16, 32, 1, 2, 1, 8, 1e-5, RopeConfig.defaults(10000), 32, true, 1,
                List.of(2), 3);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            LlamaParameters params = LlamaParameters.initialise(config, manager, 1, 0.02);
            CheckpointWriter.write(dir, config, params, dtype, configDtype, CheckpointWriter.RopeForm.LEGACY,
                    Fixtures.tinyLlama());
        }
        return dir;
    }

    /** The dtype of the embedding tensor in a safetensors header (8-byte length, then JSON). */
    private static String safetensorsDtype(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
        return header.path("model.embed_tokens.weight").path("dtype").asText();
    }
}
