package dev.jacobilens.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Test resources shared by the engine's tests and, through the test-jar, the app's. Inside a
 * jar a resource directory is no file system path, so it is copied out to a temporary
 * directory once.
 */
public final class Fixtures {
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** The tiny Llama saved by Hugging Face transformers, with its reference.json. */
    public static Path tinyLlama() {
        return resource("fixtures/hf-tiny-llama");
    }

    /** Karpathy's stories260K (llama2.c, MIT) as a Hugging Face directory, with its reference.json. */
    /** A writable copy of the tiny fixture model in {@code dir}/model, for tests that damage it. */
    public static Path copyOfTinyLlama(Path dir) throws java.io.IOException {
        Path copy = java.nio.file.Files.createDirectories(dir.resolve("model"));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(tinyLlama())) {
            for (Path f : files.toList()) {
                java.nio.file.Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    /**
     * A tiny random Qwen2 or Mistral checkpoint with its reference.json (fixtures/qwen2/README.md):
     * qwen2-tied-f32, qwen2-untied-f32, qwen2-tied-bf16, qwen2-untied-bf16 or mistral-f32.
     */
    public static Path qwen2(String name) {
        return resource("fixtures/qwen2/" + name);
    }

    public static Path stories260k() {
        return resource("fixtures/stories260k");
    }

    public static Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            return EXTRACTED.computeIfAbsent(name, n -> extract(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path extract(URI uri) {
        try {
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            Path source = fs.provider().getPath(uri);
            Path target = Files.createTempDirectory("jacobi-lens-fixture");
            if (!Files.isDirectory(source)) {
                // a single file (a template, a pickle): copied under its own name
                return Files.copy(source, target.resolve(source.getFileName().toString()));
            }
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path out = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(out);
                    } else {
                        Files.copy(p, out);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
