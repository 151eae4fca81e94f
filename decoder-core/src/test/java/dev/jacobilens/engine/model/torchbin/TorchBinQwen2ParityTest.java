package dev.jacobilens.engine.model.torchbin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.ReferenceParityAccess;
import dev.jacobilens.engine.model.Architecture;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Qwen2 checkpoints as torch .bin files (make_bins.py, from issue 18's safetensors fixtures: tied
 * F32 single file, untied BF16 in two shards) decode to the fixtures' reference greedy ids and
 * logits, as Qwen2ParityTest holds the safetensors originals to them.
 */
class TorchBinQwen2ParityTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"qwen2-tied-f32,qwen2-tied-f32", "qwen2-untied-bf16-sharded,qwen2-untied-bf16"})
    void qwen2BinDecodesToTheReference(String bin, String fixture) throws IOException {
        Path source = Fixtures.qwen2(fixture);
        Path dir = Files.createDirectories(tmp.resolve(bin));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(f -> !f.toString().endsWith(".safetensors")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        try (Stream<Path> files = Files.list(Fixtures.resource("fixtures/torch-bin/" + bin))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        try (LoadedModel model = Models.load(dir, "cpu")) {
            assertEquals(Architecture.QWEN2, model.model().config().architecture());
            assertEquals(bin.contains("-tied"), model.model().parameters().tied());
            for (JsonNode p : ref.path("prompts")) {
                String text = p.path("text").asText();
                int[] greedy = untilEos(ints(p.path("greedy")), model);
                float[] logits = ReferenceParityAccess.lastLogits(model.model(), ints(p.path("ids")));
                for (int i = 0; i < logits.length; i++) {
                    assertEquals(p.path("last_logits").get(i).asDouble(), logits[i], 1e-4, bin + " logit " + i);
                }
                for (int n : new int[] {1, 5}) {
                    DecodeMethod method = n == 1 ? Autoregressive.INSTANCE : Jacobi.of(n);
                    int[] out = model.decode(text, new DecodeSettings(method, 0, 48, "cpu"), DecodeListener.NONE,
                            new Cancellation()).outputIds();
                    assertArrayEquals(greedy, out, bin + " n=" + n + ": " + text);
                }
            }
        }
    }

    private static int[] untilEos(int[] ids, LoadedModel model) {
        for (int i = 0; i < ids.length; i++) {
            if (model.model().config().isEos(ids[i])) {
                return Arrays.copyOf(ids, i + 1);
            }
        }
        return ids;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
