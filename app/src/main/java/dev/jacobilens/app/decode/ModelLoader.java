package dev.jacobilens.app.decode;

import dev.jacobilens.engine.ModelHandle;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Loads a model directory onto a device; {@code dev.jacobilens.engine.Models::load} in the app. */
@FunctionalInterface
public interface ModelLoader {
    ModelHandle load(Path directory, String device, Consumer<String> progress);

    /**
     * Refuses, with an EngineException naming the file, a model that loading would refuse for its
     * files alone (config, weight headers, prompt template), without loading it.
     */
    default void check(Path directory) {
    }
}
