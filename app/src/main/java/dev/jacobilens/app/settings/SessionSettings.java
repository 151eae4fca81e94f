package dev.jacobilens.app.settings;

/**
 * What the app remembers between sessions. Model directories are null when the lane should
 * use its embedded default.
 */
public record SessionSettings(String prompt, String standardModel, String consistencyModel, int blockSize,
                              int maxNewTokens, String device, double speed, String syncMode,
                              boolean timeArReference, String lastDirectory) {

    public static SessionSettings defaults() {
        return new SessionSettings("", null, null, 16, 128, "auto", 4, "BY_PASS", true, null);
    }
}
