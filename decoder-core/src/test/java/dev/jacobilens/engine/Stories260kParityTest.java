package dev.jacobilens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.jacobilens.engine.ReferenceParityTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real model nobody here trained, with a real SentencePiece-style tokenizer: stories260K
 * against what transformers computes (reference.json). Greedy ids must match up to the first step
 * whose top-1/top-2 logit margin is below 1e-3, where float rounding may legitimately pick the
 * other token; every step after it depends on that choice.
 */
class Stories260kParityTest {
    /** Below this margin two engines' float rounding may pick different greedy tokens. */
    private static final double TIE_MARGIN = 1e-3;
    private static LoadedModel model;
    private static List<JsonNode> prompts;

    @BeforeAll
    static void load() throws IOException {
        model = Models.load(Fixtures.stories260k(), "cpu");
        JsonNode ref = new ObjectMapper().readTree(Fixtures.stories260k().resolve("reference.json").toFile());
        prompts = new ArrayList<>();
        ref.path("prompts").forEach(prompts::add);
        assertEquals(5, prompts.size());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void tokenizerGivesTheReferenceIdsWithBos() {
        for (JsonNode p : prompts) {
            int[] ids = model.encode(p.path("text").asText());
            assertArrayEquals(ints(p.path("ids")), ids, p.path("text").asText());
            assertEquals(1, ids[0], "BOS first");
        }
    }

    @Test
    void lastPositionLogitsMatchTransformers() {
        for (JsonNode p : prompts) {
            float[] actual = ReferenceParityTest.lastLogits(model.model(), ints(p.path("ids")));
            JsonNode expected = p.path("last_logits");
            assertEquals(expected.size(), actual.length);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected.get(i).asDouble(), actual[i], 1e-4, "logit " + i + " of " + p.path("text"));
            }
        }
    }

    @Test
    void autoregressiveMatchesTransformersGreedyUpToTheFirstNearTie() {
        for (JsonNode p : prompts) {
            Recording r = model.decode(p.path("text").asText(), settings(dev.jacobilens.store.method.Autoregressive.INSTANCE, 0), DecodeListener.NONE,
                    new Cancellation());
            assertMatchesReference(p, r.outputIds(), "AR");
        }
    }

    @Test
    void jacobiMatchesTransformersGreedyUpToTheFirstNearTie() {
        for (JsonNode p : prompts) {
            for (int n : new int[] {4, 16, 64}) {
                Recording r = model.decode(p.path("text").asText(), settings(dev.jacobilens.store.method.Jacobi.of(n), 3),
                        DecodeListener.NONE, new Cancellation());
                assertMatchesReference(p, r.outputIds(), "Jacobi n=" + n);
            }
        }
    }

    @Test
    void decodedTextIsTheReferenceText() {
        JsonNode p = prompts.get(0);
        Recording r = model.decode(p.path("text").asText(), settings(dev.jacobilens.store.method.Autoregressive.INSTANCE, 0), DecodeListener.NONE,
                new Cancellation());
        assertEquals(p.path("greedy").size(), checkedSteps(p), "this prompt's reference has no near-tie");
        assertEquals(p.path("greedy_text").asText(), r.outputText());
    }

    /** Steps before the first near-tie of the reference; the whole run when there is none. */
    static int checkedSteps(JsonNode p) {
        JsonNode margins = p.path("margins");
        for (int i = 0; i < margins.size(); i++) {
            if (margins.get(i).asDouble() < TIE_MARGIN) {
                return i;
            }
        }
        return margins.size();
    }

    private static void assertMatchesReference(JsonNode p, int[] output, String what) {
        int[] greedy = ints(p.path("greedy"));
        int checked = checkedSteps(p);
        assertTrue(checked > 0, "the reference has a near-tie at its first step: nothing to compare");
        // no EOS in the reference's first steps, so the decoder must generate at least as many tokens
        assertTrue(output.length >= checked, what + ": only " + output.length + " tokens for " + p.path("text"));
        assertArrayEquals(Arrays.copyOf(greedy, checked), Arrays.copyOf(output, checked), what + ": " + p.path("text"));
    }

    private static DecodeSettings settings(dev.jacobilens.store.method.DecodeMethod method, long seed) {
        return new DecodeSettings(method, seed, 64, "cpu");
    }
}
