package dev.jacobilens.engine.model.torchbin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.ReferenceParityAccess;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.SafetensorsFile;
import dev.jacobilens.engine.model.SafetensorsWriter;
import dev.jacobilens.engine.model.TensorEntry;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .bin checkpoints torch wrote (make_bins.py) from the safetensors fixtures decode as the
 * fixtures do. F32 ones are held to transformers' own greedy ids (reference.json); F16 and BF16
 * ones to a safetensors copy of the fixture written in the same dtype by this project's writer,
 * weight for weight bit-exactly, then by their greedy ids.
 */
class TorchBinParityTest {
    /**
     * Below this top-1/top-2 margin two engines' rounding may pick different tokens: stories260k's
     * reference is compared up to its first such step, as Stories260kParityTest does. The tiny
     * fixture is compared in full, as ReferenceParityTest does.
     */
    private static final double STORIES_TIE_MARGIN = 1e-3;

    @TempDir
    Path tmp;

    @Test
    void singleFileF32DecodesToTransformersGreedy() throws IOException {
        assertMatchesReference(binModel("tiny-f32", Fixtures.tinyLlama()), Fixtures.tinyLlama(), 48, 0);
    }

    @Test
    void shardedF32DecodesToTransformersGreedy() throws IOException {
        Path dir = binModel("tiny-f32-sharded", Fixtures.tinyLlama());
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(List.of("F32"), List.copyOf(c.storedDtypes()));
        }
        assertMatchesReference(dir, Fixtures.tinyLlama(), 48, 0);
    }

    @Test
    void tiedEmbeddingsWithTheHeadLeftOutDecodeToTransformersGreedy() throws IOException {
        assertMatchesReference(binModel("stories-f32-tied", Fixtures.stories260k()), Fixtures.stories260k(), 64,
                STORIES_TIE_MARGIN);
    }

    @Test
    void halfPrecisionFilesEqualSafetensorsCopiesInTheSameDtype() throws IOException {
        String[][] cases = {{"tiny-f16", "F16"}, {"tiny-bf16", "BF16"}, {"tiny-f16-views", "F16"}};
        for (String[] c : cases) {
            Path bin = binModel(c[0], Fixtures.tinyLlama());
            Path safetensors = safetensorsCopy(Fixtures.tinyLlama(), c[1], c[0]);
            assertSameWeights(bin, safetensors);
            assertSameGreedy(bin, safetensors, 48);
        }
    }

    @Test
    void aHeadSharingTheEmbeddingsStorageLoads() throws IOException {
        Path bin = binModel("stories-bf16-tied-alias", Fixtures.stories260k());
        try (TorchBinFile f = TorchBinFile.open(bin.resolve(TorchBinFile.SINGLE))) {
            TensorEntry head = f.tensors().get("lm_head.weight");
            TensorEntry embed = f.tensors().get("model.embed_tokens.weight");
            assertEquals(embed.begin(), head.begin(), "one storage, two names");
            assertArrayEquals(f.readFloats(embed), f.readFloats(head));
        }
        Path safetensors = safetensorsCopy(Fixtures.stories260k(), "BF16", "stories-bf16");
        assertSameGreedy(bin, safetensors, 64);
    }

    @Test
    void stridedViewsAreReadAsTheirValuesNotTheirStorageOrder() throws IOException {
        try (TorchBinFile f = TorchBinFile.open(Fixtures.resource("fixtures/torch-bin/tiny-f16-views/pytorch_model.bin"));
             TorchBinFile plain = TorchBinFile.open(Fixtures.resource("fixtures/torch-bin/tiny-f16/pytorch_model.bin"))) {
            int transposed = 0;
            for (TensorEntry e : f.tensors().values()) {
                long[] s = f.strides(e);
                if (s.length == 2 && s[0] == 1 && e.shape()[0] > 1) {
                    transposed++;
                }
                TensorEntry p = plain.tensors().get(e.name());
                assertArrayEquals(plain.readFloats(p), f.readFloats(e), e.name());
                // the bytes the engine's loader streams: row-major, as a contiguous save holds them
                java.nio.ByteBuffer expected = plain.bytes(p);
                java.nio.ByteBuffer actual = f.bytes(e);
                assertEquals(expected, actual, e.name());
                plain.release(expected);
                f.release(actual);
            }
            assertTrue(transposed > 3, "the fixture has transposed views: " + transposed);
        }
    }

    @Test
    void safetensorsIsPreferredWhenBothArePresent() throws IOException {
        Path dir = Fixtures.copyOfTinyLlama(tmp.resolve("both"));
        // A .bin that would be refused proves it is never opened.
        Files.copy(Fixtures.resource("fixtures/torch-bin/hostile/os-system.bin"), dir.resolve(TorchBinFile.SINGLE));
        assertMatchesReference(dir, Fixtures.tinyLlama(), 48, 0);
    }

    /** A model folder: the fixture's config, tokenizer and reference, and the torch-made weights. */
    private Path binModel(String name, Path fixture) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().endsWith(".safetensors")) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        try (Stream<Path> files = Files.list(Fixtures.resource("fixtures/torch-bin/" + name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    /** The fixture with its F32 weights rewritten in {@code dtype} by SafetensorsWriter. */
    private Path safetensorsCopy(Path fixture, String dtype, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("st-" + name));
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().endsWith(".safetensors")) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(fixture.resolve(Checkpoint.SINGLE))) {
            for (TensorEntry e : f.tensors().values()) {
                w.add(e.name(), f.readFloats(e), e.shape());
            }
        }
        w.write(dir.resolve(Checkpoint.SINGLE), dtype);
        return dir;
    }

    private static void assertSameWeights(Path binDir, Path safetensorsDir) {
        try (TorchBinFile bin = TorchBinFile.open(binDir.resolve(TorchBinFile.SINGLE));
             SafetensorsFile st = SafetensorsFile.open(safetensorsDir.resolve(Checkpoint.SINGLE))) {
            assertEquals(st.tensors().keySet(), bin.tensors().keySet());
            for (TensorEntry e : st.tensors().values()) {
                TensorEntry b = bin.tensors().get(e.name());
                assertEquals(e.dtype(), b.dtype(), e.name());
                assertArrayEquals(e.shape(), b.shape(), e.name());
                assertArrayEquals(st.readFloats(e), bin.readFloats(b), e.name() + " in " + binDir);
            }
        }
    }

    private static void assertSameGreedy(Path binDir, Path safetensorsDir, int tokens) throws IOException {
        List<JsonNode> prompts = prompts(binDir);
        try (LoadedModel bin = Models.load(binDir, "cpu"); LoadedModel st = Models.load(safetensorsDir, "cpu")) {
            assertEquals(st.info().config().get("compute_dtype"), bin.info().config().get("compute_dtype"));
            for (JsonNode p : prompts) {
                String text = p.path("text").asText();
                // The weights are already bit-equal; AR alone shows the model built from them is the same.
                assertArrayEquals(greedy(st, text, 1, tokens), greedy(bin, text, 1, tokens), binDir + ": " + text);
            }
        }
    }

    /** Greedy ids equal reference.json's up to its first near-tie, and last logits within 1e-4. */
    private static void assertMatchesReference(Path dir, Path fixture, int tokens, double tieMargin)
            throws IOException {
        try (LoadedModel m = Models.load(dir, "cpu")) {
            for (JsonNode p : prompts(fixture)) {
                String text = p.path("text").asText();
                int[] expected = ints(p.path("greedy"));
                int checked = checkedSteps(p, tieMargin);
                assertTrue(checked > 0, text);
                for (int blockSize : new int[] {1, 5}) {
                    int[] actual = greedy(m, text, blockSize, tokens);
                    assertArrayEquals(Arrays.copyOf(expected, checked), Arrays.copyOf(actual, checked),
                            dir + " n=" + blockSize + ": " + text);
                }
                float[] logits = ReferenceParityAccess.lastLogits(m.model(), ints(p.path("ids")));
                for (int i = 0; i < logits.length; i++) {
                    assertEquals(p.path("last_logits").get(i).asDouble(), logits[i], 1e-4, dir + " logit " + i);
                }
            }
        }
    }

    /** Greedy decoding: AR at block size 1, Jacobi at larger block sizes (both must give greedy AR's ids). */
    private static int[] greedy(LoadedModel m, String text, int blockSize, int tokens) {
        DecodeMethod method = blockSize == 1 ? Autoregressive.INSTANCE : Jacobi.of(blockSize);
        return m.decode(text, new DecodeSettings(method, 0, tokens, "cpu"), DecodeListener.NONE,
                new Cancellation()).outputIds();
    }

    private static int checkedSteps(JsonNode p, double tieMargin) {
        JsonNode margins = p.path("margins");
        for (int i = 0; i < margins.size(); i++) {
            if (margins.get(i).asDouble() < tieMargin) {
                return i;
            }
        }
        return margins.size();
    }

    private static List<JsonNode> prompts(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(dir.resolve("reference.json").toFile()).path("prompts").forEach(out::add);
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
