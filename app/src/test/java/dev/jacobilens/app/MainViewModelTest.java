package dev.jacobilens.app;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.decode.DecodeService;
import dev.jacobilens.app.files.StoreRecordingIo;
import dev.jacobilens.app.playback.FrameClock;
import dev.jacobilens.app.playback.PlaybackViewModel;
import dev.jacobilens.app.playback.SyncMode;
import dev.jacobilens.app.settings.SessionSettings;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.CsvExport;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main ViewModel without a screen: files, errors and settings, with work run in place. */
class MainViewModelTest {
    @TempDir
    Path dir;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final Comparison comparison = TestRecordings.comparison(2, 8);
    private MainViewModel model;

    @BeforeEach
    void create() {
        model = new MainViewModel(new AppHome(dir), dialogs,
                new DecodeService((d, device, progress) -> {
                    throw new EngineException("no models in this test");
                }, Runnable::run), new StoreRecordingIo(), new StoreChipStates(),
                new PlaybackViewModel(new FrameClock.Manual()), Runnable::run, Runnable::run);
    }

    @Test
    void runWithoutPromptOrModelExplainsWhatIsMissing() {
        model.run();
        assertEquals(List.of("No prompt: Type a prompt or pick a sample prompt, then press Run."), dialogs.errors);
        model.promptProperty().set("2 + 3 =");
        model.run();
        assertTrue(dialogs.errors.get(1).startsWith("No model: Neither lane has a model."), dialogs.errors.get(1));
        assertFalse(model.runningProperty().get());
    }

    @Test
    void openingAComparisonFillsBothLanesAndThePanels() throws IOException {
        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, comparison);
        model.open(file);
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
        assertEquals(comparison.promptText(), model.promptProperty().get());
        assertEquals(comparison.standard().forwardPasses() - 1, model.playback().frameCountProperty().get());
        assertEquals(List.of(ChipState.values()).containsAll(model.lane(Lane.STANDARD).chipStates()), true);
        assertEquals(8, model.lane(Lane.CONSISTENCY).chipStates().size());
        assertTrue(model.plots().standardSpeedupProperty().get().contains("vs AR"));
        assertEquals(1, model.plots().standard().acceptedPerPass().size(), "plots follow the first frame");
        assertTrue(model.statusProperty().get().startsWith("Opened c.json"));
    }

    @Test
    void singleRecordingsFillTheFirstEmptyLane() throws IOException {
        Path standard = dir.resolve("s.json");
        Path consistency = dir.resolve("c.json");
        RecordingFiles.write(standard, comparison.standard());
        RecordingFiles.write(consistency, comparison.consistency());
        model.open(standard);
        model.open(consistency);
        assertEquals(comparison.standard(), model.trace(Lane.STANDARD).recording());
        assertEquals(comparison.consistency(), model.trace(Lane.CONSISTENCY).recording());
        model.open(standard, Lane.CONSISTENCY);
        assertEquals(comparison.standard(), model.trace(Lane.CONSISTENCY).recording());
    }

    @Test
    void aDamagedFileIsADialogAndChangesNothing() throws IOException {
        Path good = dir.resolve("c.json");
        RecordingFiles.write(good, comparison);
        model.open(good);
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema_version\": 1, \"kind\": \"comparison\"");
        model.open(broken);
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).startsWith("Could not open broken.json: "), dialogs.errors.get(0));
        assertFalse(dialogs.errors.get(0).contains("[Source"), "no parser internals: " + dialogs.errors.get(0));
        assertEquals(comparison.standard(), model.trace(Lane.STANDARD).recording(), "the open comparison stays");
        assertFalse(model.busyProperty().get());
    }

    @Test
    void savesAndExportsWhatIsShown() throws IOException {
        model.exports().saveInteractively();
        assertEquals("Nothing to save yet: Run a decode or open a recording first.", dialogs.errors.get(0));

        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, comparison);
        model.open(file);
        Path saved = dir.resolve("saved.json");
        model.exports().save(saved);
        RecordingFile back = RecordingFiles.read(saved);
        assertEquals(comparison, assertInstanceOf(RecordingFile.OfComparison.class, back).comparison());

        Path csv = dir.resolve("metrics.csv");
        model.exports().exportCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", CsvExport.COLUMNS), lines.get(0));
        int passes = comparison.standard().forwardPasses() - 1 + comparison.consistency().forwardPasses() - 1;
        assertEquals(1 + passes, lines.size(), "a row per forward pass of both lanes");

        Path cllm = dir.resolve("trajectories.json");
        model.exports().exportCllm(cllm);
        assertTrue(Files.readString(cllm).trim().startsWith("["), "a JSON array of trajectory records");

        Path gif = dir.resolve("run.gif");
        model.exports().exportGif(gif);
        assertTrue(Files.size(gif) > 0);
        assertTrue(dialogs.errors.size() == 1, dialogs.errors.toString());
    }

    @Test
    void settingsRoundTripThroughTheViewModel() {
        SessionSettings settings = new SessionSettings("Question?", dir.resolve("std").toString(), null, 32, 64, "cpu",
                8, "BY_BLOCK", false, dir.toString());
        model.apply(settings);
        assertEquals(SyncMode.BY_BLOCK, model.playback().syncModeProperty().get());
        assertEquals(dir.resolve("std"), model.lane(Lane.STANDARD).modelDirectoryProperty().get());
        assertNull(model.lane(Lane.CONSISTENCY).modelDirectoryProperty().get(), "no embedded model installed");
        assertEquals(settings, model.currentSettings());
    }
}
