package dev.jacobilens.engine;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test resources shared by the engine's tests (and the app's, through the test-jar). */
public final class Fixtures {
    private Fixtures() {
    }

    /** The tiny Llama saved by Hugging Face transformers, with its reference.json. */
    public static Path tinyLlama() {
        return resource("fixtures/hf-tiny-llama");
    }

    public static Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
