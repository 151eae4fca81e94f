package dev.jacobilens.app;

import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.decode.DecodeCallbacks;
import dev.jacobilens.app.decode.DecodeRequest;
import dev.jacobilens.app.decode.DecodeService;
import dev.jacobilens.app.decode.LivePass;
import dev.jacobilens.app.export.ExportRequest;
import dev.jacobilens.app.export.FrameExporter;
import dev.jacobilens.app.files.OpenedFile;
import dev.jacobilens.app.files.RecordingIo;
import dev.jacobilens.app.files.SamplePrompt;
import dev.jacobilens.app.files.Samples;
import dev.jacobilens.app.lanes.LaneViewModel;
import dev.jacobilens.app.playback.Frame;
import dev.jacobilens.app.playback.PlaybackViewModel;
import dev.jacobilens.app.playback.SyncMode;
import dev.jacobilens.app.plots.PlotsViewModel;
import dev.jacobilens.app.settings.SessionSettings;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.ui.DialogService;
import dev.jacobilens.app.ui.FileType;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.CllmExport;
import dev.jacobilens.store.CsvExport;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The main window's state and commands: the run settings, the two lanes, playback, plots and
 * files. Knows nothing of nodes; threads come in as executors so tests can run it without FX.
 */
public final class MainViewModel {
    /** Fixed so that pressing Run twice on the same prompt gives the same trajectories. */
    static final long SEED = 0;

    private final AppHome home;
    private final DialogService dialogs;
    private final DecodeService decoder;
    private final RecordingIo recordingIo;
    private final FrameExporter exporter;
    private final Executor uiThread;
    private final Executor background;

    private final StringProperty prompt = new SimpleStringProperty("");
    private final IntegerProperty blockSize = new SimpleIntegerProperty(16);
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(128);
    private final StringProperty device = new SimpleStringProperty("auto");
    private final BooleanProperty timeArReference = new SimpleBooleanProperty(true);
    private final ObservableList<SamplePrompt> samplePrompts = FXCollections.observableArrayList();
    private final ObservableList<Path> sampleRecordings = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);

    private final LaneViewModel standardLane;
    private final LaneViewModel consistencyLane;
    private final PlaybackViewModel playback;
    private final PlotsViewModel plots = new PlotsViewModel();

    private final Map<Lane, LaneTrace> traces = new EnumMap<>(Lane.class);
    private final Map<Lane, ArTiming> arTimings = new EnumMap<>(Lane.class);
    /** The prompt the shown traces were decoded from (the editor may have changed since). */
    private String shownPrompt = "";
    private Cancellation cancellation;
    private Path lastDirectory;

    public MainViewModel(AppHome home, DialogService dialogs, DecodeService decoder, RecordingIo recordingIo,
                         ChipStateCalculator chipStates, PlaybackViewModel playback, Executor uiThread,
                         Executor background) {
        this.home = home;
        this.dialogs = dialogs;
        this.decoder = decoder;
        this.recordingIo = recordingIo;
        this.exporter = new FrameExporter(chipStates);
        this.playback = playback;
        this.uiThread = uiThread;
        this.background = background;
        this.standardLane = new LaneViewModel(Lane.STANDARD, chipStates);
        this.consistencyLane = new LaneViewModel(Lane.CONSISTENCY, chipStates);
        for (Lane lane : Lane.values()) {
            traces.put(lane, LaneTrace.empty());
        }
        playback.frameProperty().addListener((obs, old, now) -> showFrame());
        samplePrompts.setAll(Samples.prompts(home.samples()));
        sampleRecordings.setAll(Samples.recordings(home.samples()));
    }

    // ----- settings -------------------------------------------------------------------------

    public void apply(SessionSettings s) {
        prompt.set(s.prompt());
        blockSize.set(s.blockSize());
        maxNewTokens.set(s.maxNewTokens());
        device.set(s.device());
        timeArReference.set(s.timeArReference());
        playback.speedProperty().set(s.speed());
        try {
            playback.syncModeProperty().set(SyncMode.valueOf(s.syncMode()));
        } catch (IllegalArgumentException unknown) {
            playback.syncModeProperty().set(SyncMode.BY_PASS);
        }
        standardLane.modelDirectoryProperty().set(modelOrDefault(s.standardModel(), Lane.STANDARD));
        consistencyLane.modelDirectoryProperty().set(modelOrDefault(s.consistencyModel(), Lane.CONSISTENCY));
        lastDirectory = s.lastDirectory() == null ? null : Path.of(s.lastDirectory());
    }

    public SessionSettings currentSettings() {
        return new SessionSettings(prompt.get(), pathText(standardLane), pathText(consistencyLane), blockSize.get(),
                maxNewTokens.get(), device.get(), playback.speedProperty().get(), playback.syncModeProperty().get().name(),
                timeArReference.get(), lastDirectory == null ? null : lastDirectory.toString());
    }

    private Path modelOrDefault(String remembered, Lane lane) {
        return remembered != null ? Path.of(remembered) : home.embeddedModel(lane).orElse(null);
    }

    private String pathText(LaneViewModel lane) {
        Path dir = lane.modelDirectoryProperty().get();
        // Embedded defaults are not remembered, so a moved installation still finds its models.
        return dir == null || home.embeddedModel(lane.lane()).map(dir::equals).orElse(false) ? null : dir.toString();
    }

    public void useSample(SamplePrompt sample) {
        if (sample != null) {
            prompt.set(sample.question());
        }
    }

    // ----- models -----------------------------------------------------------------------------

    public void chooseModel(Lane lane) {
        dialogs.chooseDirectory("Choose the " + lane.title().toLowerCase() + " model directory", lastDirectory)
                .ifPresent(dir -> {
                    lastDirectory = dir.getParent();
                    lane(lane).modelDirectoryProperty().set(dir);
                });
    }

    public void useEmbeddedModels() {
        for (Lane lane : Lane.values()) {
            lane(lane).modelDirectoryProperty().set(home.embeddedModel(lane).orElse(null));
        }
    }

    // ----- run --------------------------------------------------------------------------------

    public void run() {
        if (running.get()) {
            return;
        }
        if (prompt.get() == null || prompt.get().isBlank()) {
            dialogs.showError("No prompt", "Type a prompt or pick a sample prompt, then press Run.");
            return;
        }
        Map<Lane, Path> models = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            Path dir = lane(lane).modelDirectoryProperty().get();
            if (dir != null) {
                models.put(lane, dir);
            }
        }
        if (models.isEmpty()) {
            dialogs.showError("No model", "Neither lane has a model. Choose a model directory for a lane "
                    + "(Model menu), or open a recording from File › Samples to replay one without a model.");
            return;
        }
        shownPrompt = prompt.get();
        for (Lane lane : Lane.values()) {
            traces.put(lane, LaneTrace.empty());
            arTimings.remove(lane);
        }
        running.set(true);
        progress.set(-1);
        status.set("Starting…");
        playback.reset(traces.get(Lane.STANDARD), traces.get(Lane.CONSISTENCY), true);
        refreshPanels();
        cancellation = decoder.start(new DecodeRequest(shownPrompt, models, blockSize.get(), maxNewTokens.get(),
                device.get(), SEED, timeArReference.get()), new RunCallbacks());
    }

    public void stop() {
        if (cancellation != null) {
            cancellation.cancel();
            status.set("Stopping after the current forward pass…");
        }
    }

    /** Receives the decoder's reports on the UI thread. */
    private final class RunCallbacks implements DecodeCallbacks {
        @Override
        public void status(String message, double fraction) {
            status.set(message);
            progress.set(fraction);
        }

        @Override
        public void laneStarted(Lane lane) {
            traces.put(lane, LaneTrace.live());
            pushTraces(true);
        }

        @Override
        public void passes(List<LivePass> batch) {
            for (LivePass pass : batch) {
                traces.put(pass.lane(), traces.get(pass.lane()).withPass(pass.event(), pass.newTokens()));
            }
            pushTraces(true);
        }

        @Override
        public void laneFinished(Lane lane, Recording recording, ArTiming ar) {
            traces.put(lane, LaneTrace.of(recording));
            if (ar != null) {
                arTimings.put(lane, ar);
            }
            pushTraces(true);
        }

        @Override
        public void laneFailed(Lane lane, String message) {
            traces.put(lane, LaneTrace.empty());
            pushTraces(true);
            dialogs.showError(lane.title() + " lane failed", message);
        }

        @Override
        public void finished(boolean cancelled) {
            running.set(false);
            cancellation = null;
            progress.set(cancelled ? 0 : 1);
            status.set(cancelled ? "Stopped" : "Done — Home, then Space, replays both lanes");
            pushTraces(false);
        }
    }

    private void pushTraces(boolean stillDecoding) {
        playback.setTraces(traces.get(Lane.STANDARD), traces.get(Lane.CONSISTENCY), stillDecoding);
        refreshPanels();
    }

    /** Lanes and plots for the current frame; also after new data with the frame unchanged. */
    private void refreshPanels() {
        plots.showRuns(traces.get(Lane.STANDARD), arTimings.get(Lane.STANDARD),
                traces.get(Lane.CONSISTENCY), arTimings.get(Lane.CONSISTENCY));
        showFrame();
    }

    private void showFrame() {
        Frame frame = playback.frameProperty().get();
        standardLane.setTrace(playback.standardTrace());
        consistencyLane.setTrace(playback.consistencyTrace());
        standardLane.show(frame == null ? null : frame.standard());
        consistencyLane.show(frame == null ? null : frame.consistency());
        plots.showFrame(playback.standardTrace(), playback.consistencyTrace(), frame);
    }

    // ----- files ------------------------------------------------------------------------------

    public void openInteractively() {
        dialogs.chooseFileToOpen("Open a recording or comparison", lastDirectory, FileType.JSON).ifPresent(this::open);
    }

    public void openIntoLaneInteractively(Lane lane) {
        dialogs.chooseFileToOpen("Open a recording into the " + lane.title().toLowerCase() + " lane", lastDirectory,
                FileType.JSON).ifPresent(file -> open(file, lane));
    }

    /** Opens a comparison into both lanes, or a single recording into the first empty lane. */
    public void open(Path file) {
        open(file, null);
    }

    public void open(Path file, Lane intoLane) {
        if (refuseWhileRunning()) {
            return;
        }
        lastDirectory = file.toAbsolutePath().getParent();
        inBackground("open " + file.getFileName(), () -> recordingIo.open(file), opened -> show(opened, intoLane, file));
    }

    private void show(OpenedFile opened, Lane intoLane, Path file) {
        if (opened.comparison() != null) {
            Comparison c = opened.comparison();
            traces.put(Lane.STANDARD, c.standard() == null ? LaneTrace.empty() : LaneTrace.of(c.standard()));
            traces.put(Lane.CONSISTENCY, c.consistency() == null ? LaneTrace.empty() : LaneTrace.of(c.consistency()));
            putOrRemove(Lane.STANDARD, c.standardAr());
            putOrRemove(Lane.CONSISTENCY, c.consistencyAr());
            shownPrompt = c.promptText();
        } else {
            Lane lane = intoLane != null ? intoLane : firstEmptyLane();
            traces.put(lane, LaneTrace.of(opened.recording()));
            arTimings.remove(lane);
            shownPrompt = opened.recording().promptText();
        }
        prompt.set(shownPrompt);
        playback.reset(traces.get(Lane.STANDARD), traces.get(Lane.CONSISTENCY), false);
        refreshPanels();
        status.set("Opened " + file.getFileName() + ": press Space to play");
    }

    private void putOrRemove(Lane lane, ArTiming timing) {
        if (timing == null) {
            arTimings.remove(lane);
        } else {
            arTimings.put(lane, timing);
        }
    }

    private Lane firstEmptyLane() {
        if (traces.get(Lane.STANDARD).isEmpty() || !traces.get(Lane.CONSISTENCY).isEmpty()) {
            return Lane.STANDARD;
        }
        return Lane.CONSISTENCY;
    }

    public void saveInteractively() {
        if (nothingToExport()) {
            return;
        }
        dialogs.chooseFileToSave("Save the comparison", lastDirectory, "comparison.json", FileType.JSON)
                .ifPresent(this::save);
    }

    /** Saves both lanes as a comparison, or the one decoded lane as a recording. */
    public void save(Path file) {
        if (nothingToExport()) {
            return;
        }
        lastDirectory = file.toAbsolutePath().getParent();
        Recording standard = traces.get(Lane.STANDARD).recording();
        Recording consistency = traces.get(Lane.CONSISTENCY).recording();
        Comparison comparison = new Comparison(shownPrompt, standard, consistency, arTimings.get(Lane.STANDARD),
                arTimings.get(Lane.CONSISTENCY));
        inBackground("save " + file.getFileName(), () -> {
            if (standard != null && consistency != null) {
                recordingIo.save(file, comparison);
            } else {
                recordingIo.save(file, standard != null ? standard : consistency);
            }
            return file;
        }, saved -> status.set("Saved " + saved.getFileName()));
    }

    public void exportCsvInteractively() {
        if (!nothingToExport()) {
            dialogs.chooseFileToSave("Export per-pass metrics as CSV", lastDirectory, "comparison.csv", FileType.CSV)
                    .ifPresent(this::exportCsv);
        }
    }

    /** One row per forward pass of each decoded lane, in the trajectory store's CSV layout. */
    public void exportCsv(Path file) {
        if (nothingToExport()) {
            return;
        }
        List<CsvExport.Source> sources = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            Recording recording = traces.get(lane).recording();
            if (recording != null) {
                sources.add(new CsvExport.Source("jacobi-lens", lane.name().toLowerCase(), recording));
            }
        }
        inBackground("export " + file.getFileName(), () -> {
            CsvExport.write(file, sources);
            return file;
        }, done -> status.set("Exported " + sources.size() + " lane(s) to " + done.getFileName()));
    }

    public void exportCllmInteractively() {
        if (!nothingToExport()) {
            dialogs.chooseFileToSave("Export trajectories in the CLLM training format", lastDirectory,
                    "trajectories.json", FileType.JSON).ifPresent(this::exportCllm);
        }
    }

    /** The decoded lanes' Jacobi trajectories as the CLLM reference code's training data. */
    public void exportCllm(Path file) {
        if (nothingToExport()) {
            return;
        }
        List<Recording> recordings = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            if (traces.get(lane).recording() != null) {
                recordings.add(traces.get(lane).recording());
            }
        }
        inBackground("export " + file.getFileName(), () -> {
            CllmExport.write(file, recordings);
            return file;
        }, done -> status.set("Exported CLLM trajectories to " + done.getFileName()));
    }

    public void exportPngInteractively() {
        if (!nothingToExport()) {
            dialogs.chooseFileToSave("Export the current frame as PNG", lastDirectory, "frame.png", FileType.PNG)
                    .ifPresent(this::exportPng);
        }
    }

    public void exportPng(Path file) {
        if (nothingToExport()) {
            return;
        }
        ExportRequest request = exportRequest();
        int frame = playback.frameIndexProperty().get();
        inBackground("export " + file.getFileName(), () -> {
            exporter.writePng(request, frame, file);
            return file;
        }, done -> status.set("Exported frame " + (frame + 1) + " to " + done.getFileName()));
    }

    public void exportGifInteractively() {
        if (!nothingToExport()) {
            dialogs.chooseFileToSave("Export the whole run as an animated GIF", lastDirectory, "jacobi-run.gif",
                    FileType.GIF).ifPresent(this::exportGif);
        }
    }

    public void exportGif(Path file) {
        if (nothingToExport()) {
            return;
        }
        ExportRequest request = exportRequest();
        int frames = playback.frameCountProperty().get();
        inBackground("export " + file.getFileName(), () -> exporter.writeGif(request, file,
                written -> uiThread.execute(() -> {
                    status.set("Writing GIF frame " + written + " of " + frames + "…");
                    progress.set(written / (double) frames);
                }), () -> false),
                written -> status.set("Exported " + written + " frames to " + file.getFileName()));
    }

    private ExportRequest exportRequest() {
        return new ExportRequest(shownPrompt, traces.get(Lane.STANDARD), standardLane.modelTextProperty().get(),
                traces.get(Lane.CONSISTENCY), consistencyLane.modelTextProperty().get(),
                playback.syncModeProperty().get(), playback.speedProperty().get());
    }

    private boolean nothingToExport() {
        if (refuseWhileRunning()) {
            return true;
        }
        if (traces.get(Lane.STANDARD).recording() == null && traces.get(Lane.CONSISTENCY).recording() == null) {
            dialogs.showError("Nothing to save yet", "Run a decode or open a recording first.");
            return true;
        }
        return false;
    }

    private boolean refuseWhileRunning() {
        if (running.get()) {
            dialogs.showError("A decode is running", "Wait for it to finish, or press Stop, then try again.");
            return true;
        }
        return false;
    }

    /** Runs file work off the UI thread; failures become a dialog naming what failed. */
    private <T> void inBackground(String what, Callable<T> work, Consumer<T> onSuccess) {
        busy.set(true);
        status.set("Working: " + what + "…");
        background.execute(() -> {
            try {
                T result = work.call();
                uiThread.execute(() -> {
                    busy.set(false);
                    onSuccess.accept(result);
                });
            } catch (InterruptedIOException cancelled) {
                uiThread.execute(() -> {
                    busy.set(false);
                    status.set(cancelled.getMessage());
                });
            } catch (Exception | OutOfMemoryError e) {
                String message = (e instanceof IOException || e instanceof IllegalArgumentException)
                        && e.getMessage() != null ? withoutParserDetail(e.getMessage())
                        : e instanceof OutOfMemoryError ? "Out of memory. Give Java more memory (-Xmx) and try again."
                        : e.toString();
                uiThread.execute(() -> {
                    busy.set(false);
                    status.set("Could not " + what);
                    dialogs.showError("Could not " + what, message);
                });
            }
        });
    }

    /**
     * Drops the JSON parser's own location dump ("at [Source: REDACTED ...]"), which means
     * nothing to a user; the file, line and column are already in the message before it.
     */
    static String withoutParserDetail(String message) {
        int cut = message.indexOf(" (start marker at [Source");
        if (cut < 0) {
            cut = message.indexOf(" at [Source");
        }
        return cut < 0 ? message : message.substring(0, cut);
    }

    // ----- accessors ----------------------------------------------------------------------------

    public LaneViewModel lane(Lane lane) {
        return lane == Lane.STANDARD ? standardLane : consistencyLane;
    }

    public LaneTrace trace(Lane lane) {
        return traces.get(lane);
    }

    public Optional<ArTiming> arTiming(Lane lane) {
        return Optional.ofNullable(arTimings.get(lane));
    }

    public Map<Lane, LaneTrace> traces() {
        return new HashMap<>(traces);
    }

    public PlaybackViewModel playback() {
        return playback;
    }

    public PlotsViewModel plots() {
        return plots;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public IntegerProperty blockSizeProperty() {
        return blockSize;
    }

    public IntegerProperty maxNewTokensProperty() {
        return maxNewTokens;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public BooleanProperty timeArReferenceProperty() {
        return timeArReference;
    }

    public ObservableList<SamplePrompt> samplePrompts() {
        return samplePrompts;
    }

    public ObservableList<Path> sampleRecordings() {
        return sampleRecordings;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public void close() {
        stop();
        decoder.close();
    }
}
