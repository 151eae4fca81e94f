package dev.jacobilens.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.model.KvCache;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Holds the Java forward pass and both decoders to what Hugging Face transformers computes for
 * the fixture checkpoint (reference.json): the same prompt ids, the same 48 greedy tokens with
 * AR and with Jacobi at several block sizes and seeds, and last-position logits within 1e-4.
 */
class ReferenceParityTest {
    private static LoadedModel model;
    private static List<JsonNode> prompts;

    @BeforeAll
    static void load() throws IOException {
        model = Models.load(Fixtures.tinyLlama(), "cpu");
        JsonNode ref = new ObjectMapper().readTree(Fixtures.tinyLlama().resolve("reference.json").toFile());
        prompts = new ArrayList<>();
        ref.path("prompts").forEach(prompts::add);
        assertEquals(4, prompts.size());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void tokenizerGivesTheReferenceIds() {
        for (JsonNode p : prompts) {
            assertArrayEquals(ints(p.path("ids")), model.encode(p.path("text").asText()), p.path("text").asText());
        }
    }

    @Test
    void lastPositionLogitsMatchTransformers() {
        for (JsonNode p : prompts) {
            int[] ids = ints(p.path("ids"));
            float[] expected = floats(p.path("last_logits"));
            float[] actual = lastLogits(model.model(), ids);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, "logit " + i + " of '" + p.path("text").asText() + "'");
            }
        }
    }

    @Test
    void autoregressiveMatchesTransformersGreedy() {
        for (JsonNode p : prompts) {
            Recording r = model.decode(p.path("text").asText(), settings(dev.jacobilens.store.method.Autoregressive.INSTANCE, 0), DecodeListener.NONE,
                    new Cancellation());
            assertArrayEquals(ints(p.path("greedy")), r.outputIds(), p.path("text").asText());
            assertEquals(dev.jacobilens.store.StopReason.MAX_NEW_TOKENS, r.stopReason());
            assertEquals(49, r.forwardPasses());
        }
    }

    @Test
    void jacobiMatchesTransformersGreedyAtEveryBlockSizeAndSeed() {
        for (JsonNode p : prompts) {
            for (int n : new int[] {1, 2, 5, 16, 48}) {
                for (long seed : new long[] {0, 7, 12345}) {
                    Recording r = model.decode(p.path("text").asText(), settings(dev.jacobilens.store.method.Jacobi.of(n), seed),
                            DecodeListener.NONE, new Cancellation());
                    assertArrayEquals(ints(p.path("greedy")), r.outputIds(),
                            p.path("text").asText() + " n=" + n + " seed=" + seed);
                }
            }
        }
    }

    static float[] lastLogits(LlamaModel m, int[] ids) {
        try (NDScope ignored = new NDScope(); KvCache cache = new KvCache(m.manager(), m.config().numLayers())) {
            long[] l = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                l[i] = ids[i];
            }
            NDArray logits = m.forward(m.manager().create(l, new Shape(1, ids.length)), cache, true);
            return logits.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private static DecodeSettings settings(dev.jacobilens.store.method.DecodeMethod method, long seed) {
        return new DecodeSettings(method, seed, 48, "cpu");
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
