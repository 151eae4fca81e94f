package dev.jacobilens.app.decode;

import dev.jacobilens.engine.ModelHandle;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Loads a model directory onto a device; {@code dev.jacobilens.engine.Models::load} in the app. */
@FunctionalInterface
public interface ModelLoader {
    ModelHandle load(Path directory, String device, Consumer<String> progress);
}
