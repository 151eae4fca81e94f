package dev.jacobilens.app.trace;

/** The two lanes the app compares. */
public enum Lane {
    STANDARD("Standard"),
    CONSISTENCY("Consistency");

    private final String title;

    Lane(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
