package dev.jacobilens.app.ui;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Saves what a scene shows as a PNG under target/screenshots, for a person to look at. */
public final class Screenshots {
    private Screenshots() {
    }

    public static Path save(Scene scene, String name) throws Exception {
        return write(() -> scene.snapshot(null), name);
    }

    /** Saves one node at its full size (a lane, scrolled parts included) as a PNG beside the scene screenshots. */
    public static Path saveNode(javafx.scene.Node node, String name) throws Exception {
        return write(() -> node.snapshot(null, null), name);
    }

    private static Path write(java.util.function.Supplier<WritableImage> snapshot, String name) throws Exception {
        CompletableFuture<WritableImage> image = new CompletableFuture<>();
        Platform.runLater(() -> image.complete(snapshot.get()));
        Path dir = Path.of(System.getProperty("jacobilens.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image.get(10, TimeUnit.SECONDS), null), "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }
}
