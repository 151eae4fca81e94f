package dev.jacobilens.app.ui;

/** A kind of file offered in a file chooser, e.g. ("Recordings", "json"). */
public record FileType(String description, String extension) {
    public static final FileType JSON = new FileType("Recordings and comparisons (*.json)", "json");
    public static final FileType CSV = new FileType("CSV table (*.csv)", "csv");
    public static final FileType PNG = new FileType("PNG image (*.png)", "png");
    public static final FileType GIF = new FileType("Animated GIF (*.gif)", "gif");
}
