package dev.jacobilens.app;

import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.Lookahead;

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
import dev.jacobilens.store.method.MultiBlock;
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
    void aFailedRunShowsOneDialogKeepsWhatWasShownAndSaysSo() throws Exception {
        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, comparison);
        model.open(file);
        model.lane(Lane.STANDARD).modelDirectoryProperty().set(dir.resolve("a"));
        model.lane(Lane.CONSISTENCY).modelDirectoryProperty().set(dir.resolve("b"));
        model.promptProperty().set("a new question");
        model.run();
        waitWhileRunning();
        // the worker reports the failure just after the run ends
        for (int i = 0; i < 200 && dialogs.errors.isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertEquals(List.of("The run failed: no models in this test"), dialogs.errors,
                "both lanes failed for one reason: one dialog, the reason said once");
        assertEquals(comparison.standard(), model.trace(Lane.STANDARD).recording(), "the previous results stay");
        assertEquals(comparison.consistency(), model.trace(Lane.CONSISTENCY).recording());
        assertTrue(model.statusProperty().get().startsWith("Failed: nothing was decoded"), model.statusProperty().get());
        assertTrue(model.playback().frameCountProperty().get() > 0, "the previous comparison still plays");
    }

    @Test
    void typedSettingsAreCheckedAndABadOneIsRefusedVisibly() {
        model.setParameterText(Lane.STANDARD, Jacobi.BLOCK_SIZE_PARAMETER, "abc");
        assertEquals(Jacobi.DEFAULT, model.lane(Lane.STANDARD).methodProperty().get(), "the old value stays");
        assertTrue(model.inputProblemProperty().get().startsWith("Standard Block size n: “abc” is not a whole number"),
                model.inputProblemProperty().get());
        assertTrue(model.statusProperty().get().startsWith("Standard Block size n:"), "the status says it too");
        model.promptProperty().set("2 + 3 =");
        model.run();
        assertEquals(List.of("Check the settings: " + model.inputProblemProperty().get()), dialogs.errors,
                "Run refuses instead of silently using the old value");
        model.setMaxNewTokensText("0");
        assertTrue(model.inputProblemProperty().get().startsWith("Max new tokens: 0 is outside 1–4096"));
        model.setMaxNewTokensText("64");
        model.setParameterText(Lane.STANDARD, Jacobi.BLOCK_SIZE_PARAMETER, " 32 ");
        assertNull(model.inputProblemProperty().get());
        assertEquals(Jacobi.of(32), model.lane(Lane.STANDARD).methodProperty().get());
        assertEquals(64, model.maxNewTokensProperty().get());
        assertEquals("Ready", model.statusProperty().get());
    }

    @Test
    void theModelChooserRefusesAFolderWithoutConfig() throws IOException {
        Path notAModel = Files.createDirectories(dir.resolve("holiday-photos"));
        Path aModel = Files.createDirectories(dir.resolve("my-model"));
        Files.writeString(aModel.resolve("config.json"), "{}");
        dialogs.nextFile = aModel;
        model.chooseModel(Lane.STANDARD);
        assertEquals(aModel, model.lane(Lane.STANDARD).modelDirectoryProperty().get());
        dialogs.nextFile = notAModel;
        model.chooseModel(Lane.STANDARD);
        assertEquals(aModel, model.lane(Lane.STANDARD).modelDirectoryProperty().get(), "the lane keeps its model");
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).startsWith("Not a model directory: " + notAModel + " has no config.json"),
                dialogs.errors.get(0));
    }

    @Test
    void theStartupSampleIsTheFirstShippedComparisonPausedAtItsFirstPass() throws IOException {
        Path recordings = Files.createDirectories(dir.resolve("samples/recordings"));
        RecordingFiles.write(recordings.resolve("b-second.json"), comparison);
        RecordingFiles.write(recordings.resolve("a-first.json.gz"), comparison);
        MainViewModel fresh = new MainViewModel(new AppHome(dir), dialogs, new DecodeService((d, device, progress) -> {
            throw new EngineException("no models in this test");
        }, Runnable::run), new StoreRecordingIo(), new StoreChipStates(),
                new PlaybackViewModel(new FrameClock.Manual()), Runnable::run, Runnable::run);
        assertEquals(List.of("a-first.json.gz", "b-second.json"),
                fresh.sampleRecordings().stream().map(p -> p.getFileName().toString()).toList(),
                "compressed and plain recordings are both listed");
        int focusRequests = fresh.playbackFocusRequestsProperty().get();
        fresh.openStartupSample();
        assertEquals(comparison.promptText(), fresh.promptProperty().get());
        assertEquals(0, fresh.playback().frameIndexProperty().get());
        assertFalse(fresh.playback().playingProperty().get());
        assertEquals(focusRequests + 1, fresh.playbackFocusRequestsProperty().get(), "keys go to playback");
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }

    @Test
    void theDeviceBoxListsWhatTheEngineSeesByName() {
        model.deviceProperty().set("cpu");
        model.setDevices(List.of(new dev.jacobilens.engine.runtime.EngineReport.DeviceInfo("cpu", "x86-64", 1L << 34,
                "float32"), new dev.jacobilens.engine.runtime.EngineReport.DeviceInfo("gpu:0", "NVIDIA H200",
                150L << 30, "float16")));
        assertEquals(List.of("auto", "cpu", "gpu:0"), model.devices(), "ids as --device takes them");
        assertEquals("gpu 0 · NVIDIA H200 · float16", model.deviceLabel("gpu:0"));
        assertEquals("cpu · float32", model.deviceLabel("cpu"));
        assertEquals("cpu", model.deviceProperty().get(), "the choice survives");
        model.setDevices(List.of());
        assertEquals("auto", model.deviceProperty().get(), "a device that went away falls back to auto");
    }

    @Test
    void aPairPutsItsModelsPromptsAndHintInPlace() throws IOException {
        for (String model : List.of("assets/models/standard", "assets/models/consistency",
                "assets/models/stories/standard", "assets/models/stories/consistency")) {
            Files.writeString(Files.createDirectories(dir.resolve(model)).resolve("config.json"), "{}");
        }
        Files.writeString(Files.createDirectories(dir.resolve("samples/prompts/stories")).resolve("openings.txt"),
                "Once upon a time\nThe dog ran\n");
        MainViewModel fresh = new MainViewModel(new AppHome(dir), dialogs, new DecodeService((d, device, progress) -> {
            throw new EngineException("no models in this test");
        }, Runnable::run), new StoreRecordingIo(), new StoreChipStates(),
                new PlaybackViewModel(new FrameClock.Manual()), Runnable::run, Runnable::run);
        assertEquals(List.of("Maths", "Stories", MainViewModel.OWN_MODELS), fresh.pairs());
        fresh.useEmbeddedModels();
        assertEquals("Maths", fresh.pairProperty().get(), "the embedded models are the maths pair");

        fresh.pairProperty().set("Stories");
        assertEquals(dir.resolve("assets/models/stories/standard"),
                fresh.lane(Lane.STANDARD).modelDirectoryProperty().get());
        assertEquals(dir.resolve("assets/models/stories/consistency"),
                fresh.lane(Lane.CONSISTENCY).modelDirectoryProperty().get());
        assertEquals(List.of("Once upon a time", "The dog ran"),
                fresh.samplePrompts().stream().map(p -> p.question()).toList(), "the pair's own sample prompts");
        assertEquals(MainViewModel.STORIES_HINT, fresh.promptHintProperty().get());
        assertEquals(128, fresh.maxNewTokensProperty().get());

        dialogs.nextFile = dir.resolve("assets/models/standard");
        fresh.chooseModel(Lane.CONSISTENCY);
        assertEquals(MainViewModel.OWN_MODELS, fresh.pairProperty().get(), "a model chosen by hand: your own pair");
        assertEquals(dir.resolve("assets/models/stories/standard"),
                fresh.lane(Lane.STANDARD).modelDirectoryProperty().get(), "the other lane keeps its model");
    }

    @Test
    void theJacobiForcingModelIsAThirdChoiceForALaneAndBringsMultiBlockDecoding() throws IOException {
        for (String model : List.of("assets/models/standard", "assets/models/consistency",
                "assets/models/jacobi-forcing", "assets/models/stories/standard")) {
            Files.writeString(Files.createDirectories(dir.resolve(model)).resolve("config.json"), "{}");
        }
        MainViewModel fresh = new MainViewModel(new AppHome(dir), dialogs, new DecodeService((d, device, progress) -> {
            throw new EngineException("no models in this test");
        }, Runnable::run), new StoreRecordingIo(), new StoreChipStates(),
                new PlaybackViewModel(new FrameClock.Manual()), Runnable::run, Runnable::run);
        List<MainViewModel.EmbeddedModel> offered = fresh.embeddedModels();
        // only the models on disk: the stories pair has no consistency or Jacobi Forcing model here
        assertEquals(List.of("Maths: standard", "Maths: consistency (CLLM)", "Maths: Jacobi Forcing", "Stories: standard"),
                offered.stream().map(MainViewModel.EmbeddedModel::label).toList());
        fresh.pairProperty().set("Maths");
        fresh.useEmbeddedModel(Lane.CONSISTENCY, offered.get(2));
        assertEquals(dir.resolve("assets/models/jacobi-forcing"), fresh.lane(Lane.CONSISTENCY).modelDirectoryProperty().get());
        assertEquals(MultiBlock.DEFAULT, fresh.lane(Lane.CONSISTENCY).methodProperty().get());
        assertEquals("Maths", fresh.pairProperty().get(), "standard beside Jacobi Forcing is still the maths pair");
        assertEquals(dir.resolve("assets/models/standard"), fresh.lane(Lane.STANDARD).modelDirectoryProperty().get());

        fresh.useEmbeddedModel(Lane.STANDARD, offered.get(3));
        assertEquals(MainViewModel.OWN_MODELS, fresh.pairProperty().get(), "stories beside maths is no shipped pair");
        assertEquals(MultiBlock.DEFAULT, fresh.lane(Lane.CONSISTENCY).methodProperty().get(), "the other lane is kept");
    }

    private void waitWhileRunning() throws InterruptedException {
        for (int i = 0; i < 200 && model.runningProperty().get(); i++) {
            Thread.sleep(25);
        }
        assertFalse(model.runningProperty().get(), "the run ended");
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
        assertEquals(2, model.plots().standard().acceptedPerPass().size(),
                "plots follow the first frame: the prompt pass and the first block pass");
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
