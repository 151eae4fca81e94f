package dev.jacobilens.app.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsStoreTest {

    @Test
    void settingsRoundTrip(@TempDir Path dir) throws IOException {
        SettingsStore store = new SettingsStore(dir.resolve("sub/session.properties"));
        assertEquals(SessionSettings.defaults(), store.load());
        SessionSettings s = new SessionSettings("Question: 2+3?\nAnswer:", "/m/std", null, 32, 256, "cpu", 7.5,
                "BY_BLOCK", false, "/home/me");
        store.save(s);
        assertEquals(s, store.load());
    }

    @Test
    void nonsenseFallsBackToDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("session.properties");
        Files.writeString(file, "blockSize=-3\nmaxNewTokens=lots\nspeed=fast\nprompt=kept\n");
        SessionSettings loaded = new SettingsStore(file).load();
        SessionSettings d = SessionSettings.defaults();
        assertEquals(d.blockSize(), loaded.blockSize());
        assertEquals(d.maxNewTokens(), loaded.maxNewTokens());
        assertEquals(d.speed(), loaded.speed());
        assertEquals("kept", loaded.prompt());
    }
}
