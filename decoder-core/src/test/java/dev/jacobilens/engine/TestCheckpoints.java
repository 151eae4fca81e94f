package dev.jacobilens.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.jacobilens.engine.model.CheckpointWriter;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.model.RopeConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes small random Llama checkpoints in Hugging Face layout for tests. */
public final class TestCheckpoints {
    private TestCheckpoints() {
    }

    /**
     * The kinds of checkpoint the decoders' equality tests run on (heads, key/value heads, tied
     * embeddings, stored dtype, RoPE config form), for {@code @MethodSource}.
     */
    public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kinds() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(4, 2, false, "F16", CheckpointWriter.RopeForm.LEGACY),
                org.junit.jupiter.params.provider.Arguments.of(4, 4, true, "BF16", CheckpointWriter.RopeForm.PARAMETERS),
                org.junit.jupiter.params.provider.Arguments.of(6, 2, false, "F32", CheckpointWriter.RopeForm.LEGACY));
    }

    /** A checkpoint with the fixture's 101-word tokenizer. */
    public static Path write(Path dir, int heads, int kvHeads, boolean tied, String dtype,
                             CheckpointWriter.RopeForm ropeForm, double ropeTheta, int maxPositions, long seed)
            throws IOException {
        LlamaConfig config = new LlamaConfig(101, 48, 96, 2, heads, kvHeads, 48 / heads, 1e-5,
                RopeConfig.defaults(ropeTheta), maxPositions, tied, 1, List.of(2), 3);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            // A wide initialisation gives decisive logits, so greedy paths are not decided by float noise.
            LlamaParameters params = LlamaParameters.initialise(config, manager, seed, 0.15);
            CheckpointWriter.write(dir, config, params, dtype, ropeForm, Fixtures.tinyLlama());
        }
        return dir;
    }
}
