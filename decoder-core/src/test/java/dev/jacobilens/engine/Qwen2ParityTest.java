package dev.jacobilens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.model.Architecture;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Qwen2 (q/k/v biases; tied and untied embeddings; F32 and BF16 weights) and Mistral checkpoints
 * saved by transformers, against transformers' own greedy ids and logits (make_fixtures.py,
 * transformers 5.18.0): the same prompt ids, the same greedy tokens (48, or up to the first EOS)
 * with AR and with Jacobi at several block sizes and seeds, and the last prompt position's logits
 * within 1e-4.
 */
class Qwen2ParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tied-f32", "qwen2-untied-f32", "qwen2-tied-bf16", "qwen2-untied-bf16", "mistral-f32"})
    void autoregressiveAndJacobiEqualTheReferenceGreedyIds(String name) throws IOException {
        Path dir = Fixtures.qwen2(name);
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        try (LoadedModel model = Models.load(dir, "cpu")) {
            Architecture expected = name.startsWith("qwen2") ? Architecture.QWEN2 : Architecture.MISTRAL;
            assertEquals(expected, model.model().config().architecture());
            assertEquals(name.contains("-tied"), model.model().parameters().tied(), "tied embeddings");
            assertEquals(4, ref.path("prompts").size());
            for (JsonNode p : ref.path("prompts")) {
                String text = p.path("text").asText();
                int[] greedy = untilEos(ReferenceParityTest.ints(p.path("greedy")), model);
                assertArrayEquals(ReferenceParityTest.ints(p.path("ids")), model.encode(text), text);

                float[] logits = ReferenceParityTest.lastLogits(model.model(), ReferenceParityTest.ints(p.path("ids")));
                for (int i = 0; i < logits.length; i++) {
                    assertEquals(p.path("last_logits").get(i).asDouble(), logits[i], 1e-4, name + " logit " + i);
                }

                Recording ar = model.decode(text, new DecodeSettings(Autoregressive.INSTANCE, 0, 48, "cpu"),
                        DecodeListener.NONE, new Cancellation());
                assertArrayEquals(greedy, ar.outputIds(), name + " AR: " + text);
                for (int n : new int[] {1, 5, 16}) {
                    for (long seed : new long[] {0, 7}) {
                        Recording jacobi = model.decode(text, new DecodeSettings(Jacobi.of(n), seed, 48, "cpu"),
                                DecodeListener.NONE, new Cancellation());
                        assertArrayEquals(greedy, jacobi.outputIds(), name + " Jacobi n=" + n + " seed=" + seed + ": " + text);
                    }
                }
            }
        }
    }

    /** The reference runs 48 tokens without stopping; an output ends at its first EOS, included. */
    private static int[] untilEos(int[] ids, LoadedModel model) {
        for (int i = 0; i < ids.length; i++) {
            if (model.model().config().isEos(ids[i])) {
                return java.util.Arrays.copyOf(ids, i + 1);
            }
        }
        return ids;
    }
}
