package dev.jacobilens.app.ui;

import java.util.List;

/**
 * A kind of file offered in a file chooser, e.g. ("Recordings", "json"). {@code extension} is
 * what a saved file gets; {@code patterns} are what an open dialog lists.
 */
public record FileType(String description, String extension, List<String> patterns) {
    public FileType(String description, String extension) {
        this(description, extension, List.of("*." + extension));
    }

    public static final FileType JSON = new FileType("Recordings and comparisons (*.json, *.json.gz)", "json",
            List.of("*.json", "*.json.gz"));
    public static final FileType CSV = new FileType("CSV table (*.csv)", "csv");
    public static final FileType PNG = new FileType("PNG image (*.png)", "png");
    public static final FileType GIF = new FileType("Animated GIF (*.gif)", "gif");
}
