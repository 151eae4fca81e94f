package dev.jacobilens.app.playback;

/** How the two lanes advance together. */
public enum SyncMode {
    /** One frame is one forward pass of each lane: the faster model finishes first. */
    BY_PASS("Sync by forward pass"),
    /** Both lanes show the same block; the one that converges first waits for the other. */
    BY_BLOCK("Align blocks");

    private final String label;

    SyncMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
