package dev.jacobilens.app.cli;

import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.SafetensorsFile;
import dev.jacobilens.engine.model.TensorEntry;
import dev.jacobilens.engine.model.torchbin.TorchBinFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code convert --to safetensors} writes a copy holding the same tensors in the same dtype, for
 * single and sharded .bin folders; it refuses an existing copy, and every hostile or bad input
 * is exit code 2 with the file named. {@code decode} on a hostile .bin is refused the same way.
 */
class ConvertCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli().run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void aSingleBinBecomesModelSafetensorsWithTheSameTensors() throws IOException {
        for (String name : new String[] {"tiny-f32", "tiny-bf16", "tiny-f16-views", "stories-bf16-tied-alias"}) {
            Path dir = binFolder(name);
            assertEquals(0, run("convert", "--to", "safetensors", dir.toString()), err.toString());
            assertTrue(out.toString().contains("wrote " + dir.resolve(Checkpoint.SINGLE)), out.toString());
            try (TorchBinFile bin = TorchBinFile.open(dir.resolve(TorchBinFile.SINGLE));
                 SafetensorsFile st = SafetensorsFile.open(dir.resolve(Checkpoint.SINGLE))) {
                assertEquals(bin.tensors().keySet(), st.tensors().keySet());
                for (TensorEntry b : bin.tensors().values()) {
                    TensorEntry s = st.tensors().get(b.name());
                    assertEquals(b.dtype(), s.dtype(), b.name());
                    assertArrayEquals(b.shape(), s.shape(), b.name());
                    assertArrayEquals(bin.readFloats(b), st.readFloats(s), name + " " + b.name());
                }
            }
            assertEquals(2, run("convert", "--to", "safetensors", dir.toString()));
            assertTrue(err.toString().contains(dir.resolve(Checkpoint.SINGLE) + ": already exists"), err.toString());
        }
    }

    @Test
    void shardsBecomeSafetensorsShardsWithAnIndex() throws IOException {
        Path dir = binFolder("tiny-f32-sharded");
        assertEquals(0, run("convert", "--to", "safetensors", dir.toString()), err.toString());
        for (int k = 1; k <= 3; k++) {
            assertTrue(Files.exists(dir.resolve("model-0000" + k + "-of-00003.safetensors")), "shard " + k);
        }
        Files.copy(Fixtures.tinyLlama().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(Fixtures.tinyLlama().resolve("config.json"), dir.resolve("config.json"));
        long bytes = 0;
        try (Checkpoint converted = Checkpoint.open(dir);
             SafetensorsFile original = SafetensorsFile.open(Fixtures.tinyLlama().resolve(Checkpoint.SINGLE))) {
            for (TensorEntry e : original.tensors().values()) {
                assertArrayEquals(original.readFloats(e), converted.floats(e.name(), e.shape()), e.name());
                bytes += e.byteLength();
            }
            converted.requireAllRead();
            assertEquals(original.tensors().size(), new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(dir.resolve(Checkpoint.INDEX).toFile()).path("weight_map").size());
        }
        assertEquals(bytes, new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(Checkpoint.INDEX)
                .toFile()).path("metadata").path("total_size").asLong());
    }

    @Test
    void badInputIsExitCodeTwoWithTheFileNamed() throws IOException {
        Path hostile = binFolder("tiny-f32");
        Files.copy(Fixtures.resource("fixtures/torch-bin/hostile/os-system.bin"), hostile.resolve(TorchBinFile.SINGLE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        expectRefused(new String[] {"convert", "--to", "safetensors", hostile.toString()},
                hostile.resolve(TorchBinFile.SINGLE) + ": ", "global 'posix.system'", "is not allowed");
        assertFalse(Files.exists(hostile.resolve(Checkpoint.SINGLE)), "nothing written for a refused file");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        expectRefused(new String[] {"convert", "--to", "safetensors", empty.toString()}, "no PyTorch weights");
        expectRefused(new String[] {"convert", "--to", "gguf", empty.toString()}, "--to must be safetensors");
        expectRefused(new String[] {"convert", "--to", "safetensors"}, "one model folder");
        expectRefused(new String[] {"convert", empty.toString()}, "--to");
    }

    @Test
    void decodeRefusesHostileAndDamagedBinsByName() throws IOException {
        String[][] cases = {{"os-system", "global 'posix.system' (Python 3's os.system)"},
                {"builtins-eval", "global '__builtin__.eval' (Python 3's builtins.eval)"},
                {"subprocess-popen", "global 'commands.Popen' (Python 3's subprocess.Popen)"},
                {"truncated", "no zip end-of-directory record"}};
        for (String[] c : cases) {
            Path model = Fixtures.copyOfTinyLlama(tmp.resolve(c[0]));
            Files.delete(model.resolve(Checkpoint.SINGLE));
            Path bin = model.resolve(TorchBinFile.SINGLE);
            if (c[0].equals("truncated")) {
                byte[] good = Files.readAllBytes(Fixtures.resource("fixtures/torch-bin/tiny-f32/pytorch_model.bin"));
                Files.write(bin, java.util.Arrays.copyOf(good, good.length / 2));
            } else {
                Files.copy(Fixtures.resource("fixtures/torch-bin/hostile/" + c[0] + ".bin"), bin);
            }
            expectRefused(new String[] {"decode", "--model", model.toString(), "--prompt", "the cat", "--device", "cpu"},
                    bin + ": ", c[1]);
        }
    }

    private void expectRefused(String[] args, String... fragments) {
        assertEquals(2, run(args), err.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        for (String f : fragments) {
            assertTrue(e.contains(f), "'" + e + "' should mention '" + f + "'");
        }
        assertFalse(e.matches("(?s).*\\b\\w+(Exception|Error)\\b.*"), "a class name reached the user: " + e);
    }

    private Path binFolder(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(Fixtures.resource("fixtures/torch-bin/" + name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }
}
