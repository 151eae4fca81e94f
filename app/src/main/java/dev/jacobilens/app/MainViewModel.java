package dev.jacobilens.app;

import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.cli.ModelPair;
import dev.jacobilens.app.decode.DecodeCallbacks;
import dev.jacobilens.app.decode.DecodeRequest;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.MethodParameter;
import dev.jacobilens.store.method.MultiBlock;
import dev.jacobilens.app.decode.DecodeService;
import dev.jacobilens.app.decode.LivePass;
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
import dev.jacobilens.app.ui.DisplayOptions;
import dev.jacobilens.app.ui.FileType;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.runtime.EngineReport;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Recording;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The main window's state and commands: the run settings, the two lanes, playback, plots and
 * files (saving and exports live in {@link FileExports}). Knows nothing of nodes; threads come in as executors so tests can run it without FX.
 */
public final class MainViewModel {
    /** Fixed so that pressing Run twice on the same prompt gives the same trajectories. */
    static final long SEED = 0;
    /** What the prompt box invites: honest about what the embedded maths pair has learnt. */
    public static final String PROMPT_HINT = "Type a maths word problem of the kinds the embedded maths pair "
            + "learnt (see Sample prompts: totals, prices, differences, sharing, rates, several steps). "
            + "It has not learnt other questions or free text.";
    /** The stories pair's invitation: stories260K learnt TinyStories, simple children's stories. */
    public static final String STORIES_HINT = "Type the opening of a children's story, e.g. \"Once upon a time, "
            + "a little cat\": the stories pair (karpathy's stories260K, trained on TinyStories) continues it.";
    /** The pair selector's entry for models the user chose. */
    public static final String OWN_MODELS = "Your own models";
    static final String MAX_NEW_TOKENS = "Max new tokens";
    static final int MAX_NEW_TOKENS_LIMIT = 4096;

    private final AppHome home;
    private final DialogService dialogs;
    private final DecodeService decoder;
    private final RecordingIo recordingIo;

    private final StringProperty prompt = new SimpleStringProperty("");
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(128);
    private final StringProperty device = new SimpleStringProperty("auto");
    /** Engine device ids ("auto", "cpu", "gpu:0"): what the device box offers and the engine takes. */
    private final ObservableList<String> devices = FXCollections.observableArrayList("auto", "cpu");
    private final Map<String, String> deviceLabels = new HashMap<>(Map.of("auto", "auto", "cpu", "cpu"));
    private final ReadOnlyStringWrapper inputProblem = new ReadOnlyStringWrapper();
    private final ReadOnlyIntegerWrapper playbackFocusRequests = new ReadOnlyIntegerWrapper(0);
    private final DisplayOptions display = new DisplayOptions();
    private final BooleanProperty timeArReference = new SimpleBooleanProperty(true);
    private final ObservableList<SamplePrompt> samplePrompts = FXCollections.observableArrayList();
    private final ObservableList<String> pairs = FXCollections.observableArrayList();
    private final StringProperty pair = new SimpleStringProperty(OWN_MODELS);
    private final ReadOnlyStringWrapper promptHint = new ReadOnlyStringWrapper(PROMPT_HINT);
    /** Set while a pair puts its models into the lanes, so that doing so does not undo the choice. */
    private boolean choosingPair;
    private final ObservableList<Path> sampleRecordings = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);

    private final LaneViewModel standardLane;
    private final LaneViewModel consistencyLane;
    private final PlaybackViewModel playback;
    private final PlotsViewModel plots = new PlotsViewModel();

    private final Map<Lane, LaneTrace> traces = new EnumMap<>(Lane.class);
    private final Map<Lane, ArTiming> arTimings = new EnumMap<>(Lane.class);
    /** What was shown before the running decode, restored if it fails. */
    private ShownState beforeRun;
    /** Lane failures of the running decode, reported together when it ends. */
    private final Map<Lane, String> failures = new EnumMap<>(Lane.class);
    /** The prompt the shown traces were decoded from (the editor may have changed since). */
    private String shownPrompt = "";
    private Cancellation cancellation;
    private final ObjectProperty<Path> lastDirectory = new SimpleObjectProperty<>();
    private final BackgroundWork work;
    private final FileExports exports;

    public MainViewModel(AppHome home, DialogService dialogs, DecodeService decoder, RecordingIo recordingIo,
                         ChipStateCalculator chipStates, PlaybackViewModel playback, Executor uiThread,
                         Executor background) {
        this.home = home;
        this.dialogs = dialogs;
        this.decoder = decoder;
        this.recordingIo = recordingIo;
        this.playback = playback;
        this.work = new BackgroundWork(uiThread, background, dialogs, status::set);
        this.exports = new FileExports(new ShownRun(), dialogs, recordingIo, new FrameExporter(chipStates), playback,
                lastDirectory, work, this::refuseWhileRunning, status::set, progress::set);
        this.standardLane = new LaneViewModel(Lane.STANDARD, chipStates);
        this.consistencyLane = new LaneViewModel(Lane.CONSISTENCY, chipStates);
        for (Lane lane : Lane.values()) {
            traces.put(lane, LaneTrace.empty());
        }
        playback.frameProperty().addListener((obs, old, now) -> showFrame());
        samplePrompts.setAll(Samples.prompts(home.samples()));
        sampleRecordings.setAll(Samples.recordings(home.samples()));
        for (ModelPair p : ModelPair.ALL) {
            if (Files.isRegularFile(p.standardDir(home.root()).resolve("config.json"))) {
                pairs.add(p.label());
            }
        }
        pairs.add(OWN_MODELS);
        pair.addListener((obs, old, now) -> {
            if (!choosingPair) {
                usePair(now);
            }
        });
        for (Lane lane : Lane.values()) {
            // A model chosen by hand makes the lanes "your own models".
            lane(lane).modelDirectoryProperty().addListener((obs, old, now) -> {
                if (!choosingPair) {
                    pair.set(OWN_MODELS);
                }
            });
        }
    }

    // ----- settings -------------------------------------------------------------------------

    public void apply(SessionSettings s) {
        prompt.set(s.prompt());
        // the remembered block size is Jacobi's, in both lanes (sessions do not remember methods)
        MethodParameter n = Jacobi.BLOCK_SIZE_PARAMETER;
        Jacobi jacobi = Jacobi.of(Math.max(n.min(), Math.min(n.max(), s.blockSize())));
        for (Lane lane : Lane.values()) {
            lane(lane).methodProperty().set(jacobi);
        }
        maxNewTokens.set(Math.max(1, Math.min(MAX_NEW_TOKENS_LIMIT, s.maxNewTokens())));
        device.set(devices.contains(s.device()) ? s.device() : "auto");
        timeArReference.set(s.timeArReference());
        playback.speedProperty().set(s.speed());
        try {
            playback.syncModeProperty().set(SyncMode.valueOf(s.syncMode()));
        } catch (IllegalArgumentException unknown) {
            playback.syncModeProperty().set(SyncMode.BY_PASS);
        }
        standardLane.modelDirectoryProperty().set(modelOrDefault(s.standardModel(), Lane.STANDARD));
        consistencyLane.modelDirectoryProperty().set(modelOrDefault(s.consistencyModel(), Lane.CONSISTENCY));
        recognisePair();
        lastDirectory.set(s.lastDirectory() == null ? null : Path.of(s.lastDirectory()));
    }

    public SessionSettings currentSettings() {
        return new SessionSettings(prompt.get(), pathText(standardLane), pathText(consistencyLane), jacobiBlockSize(),
                maxNewTokens.get(), device.get(), playback.speedProperty().get(), playback.syncModeProperty().get().name(),
                timeArReference.get(), lastDirectory.get() == null ? null : lastDirectory.get().toString());
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

    /** The block size a session remembers: the first Jacobi lane's, else Jacobi's default. */
    private int jacobiBlockSize() {
        for (Lane lane : Lane.values()) {
            if (lane(lane).methodProperty().get() instanceof Jacobi j) {
                return j.blockSize();
            }
        }
        return Jacobi.DEFAULT.blockSize();
    }

    /**
     * What {@link #inputProblemProperty()} starts with while a lane's parameter is refused, so
     * that the field can be marked.
     */
    public static String parameterName(Lane lane, MethodParameter p) {
        return lane.title() + " " + p.label();
    }

    /**
     * A lane's method parameter as typed: taken when it is a whole number within the parameter's
     * limits, else refused visibly (the field is marked and the status line says why; Run refuses
     * while it stands).
     */
    public void setParameterText(Lane lane, MethodParameter p, String text) {
        ObjectProperty<DecodeMethod> method = lane(lane).methodProperty();
        if (!method.get().parameters().contains(p)) {
            return; // a field of the method shown before: it is being replaced
        }
        String what = parameterName(lane, p);
        String trimmed = text == null ? "" : text.trim();
        String problem = null;
        try {
            int value = Integer.parseInt(trimmed);
            if (!p.allows(value)) {
                problem = what + ": " + value + " is outside its limits, " + p.limits() + ".";
            } else if (value != method.get().values().get(p.key())) {
                method.set(method.get().with(Map.of(p.key(), value)));
            }
        } catch (NumberFormatException notANumber) {
            problem = what + ": “" + trimmed + "” is not a whole number (" + p.limits() + ").";
        }
        report(what, problem);
    }

    /** A switch parameter of a lane's method, on or off. */
    public void setParameterSwitch(Lane lane, MethodParameter p, boolean on) {
        ObjectProperty<DecodeMethod> method = lane(lane).methodProperty();
        if (method.get().parameters().contains(p)) {
            method.set(method.get().with(Map.of(p.key(), on ? 1 : 0)));
        }
    }

    /** Clears a refusal that belonged to a lane's earlier method. */
    public void methodChanged(Lane lane) {
        String old = inputProblem.get();
        if (old != null && old.startsWith(lane.title() + " ") && !old.startsWith(MAX_NEW_TOKENS)) {
            report(old.substring(0, old.indexOf(':')), null);
        }
    }

    public void setMaxNewTokensText(String text) {
        takeNumber(MAX_NEW_TOKENS, text, 1, MAX_NEW_TOKENS_LIMIT, maxNewTokens);
    }

    private void takeNumber(String what, String text, int min, int max, IntegerProperty target) {
        String problem = null;
        String trimmed = text == null ? "" : text.trim();
        try {
            int value = Integer.parseInt(trimmed);
            if (value < min || value > max) {
                problem = what + ": " + value + " is outside " + min + "–" + max + ".";
            } else {
                target.set(value);
            }
        } catch (NumberFormatException notANumber) {
            problem = what + ": “" + trimmed + "” is not a whole number (" + min + "–" + max + ").";
        }
        report(what, problem);
    }

    /** Shows or clears the refusal of one field, named by {@code what}. */
    private void report(String what, String problem) {
        String old = inputProblem.get();
        if (problem != null) {
            inputProblem.set(problem);
            status.set(problem + " Run uses a valid value only.");
        } else if (old != null && old.startsWith(what)) {
            inputProblem.set(null);
            if (status.get().startsWith(what)) {
                status.set("Ready");
            }
        }
    }

    /** A model directory as the settings row names it: its folder name. */
    public static String modelName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    // ----- models -----------------------------------------------------------------------------

    public void chooseModel(Lane lane) {
        dialogs.chooseDirectory("Choose the " + lane.title().toLowerCase() + " model directory", lastDirectory.get())
                .ifPresent(dir -> {
                    lastDirectory.set(dir.getParent());
                    if (!Files.isRegularFile(dir.resolve("config.json"))) {
                        dialogs.showError("Not a model directory", dir + " has no config.json, so it is not a "
                                + "Hugging Face model directory. Choose the folder that holds config.json, "
                                + "model.safetensors (or pytorch_model.bin) and tokenizer.json. The "
                                + lane.title().toLowerCase() + " lane keeps its model.");
                        return;
                    }
                    lane(lane).modelDirectoryProperty().set(dir);
                });
    }

    /**
     * Puts a shipped pair's standard and consistency models into the lanes, with its sample
     * prompts, its prompt hint and its max new tokens; "your own models" leaves the lanes as they are.
     */
    public void usePair(String label) {
        ModelPair chosen = ModelPair.ALL.stream().filter(p -> p.label().equals(label)).findFirst().orElse(null);
        if (chosen == null) {
            return;
        }
        choosingPair = true;
        try {
            pair.set(label);
            lane(Lane.STANDARD).modelDirectoryProperty().set(existing(chosen.standardDir(home.root())));
            lane(Lane.CONSISTENCY).modelDirectoryProperty().set(existing(chosen.consistencyDir(home.root())));
        } finally {
            choosingPair = false;
        }
        maxNewTokens.set(chosen.maxNewTokens());
        showPromptsOf(chosen);
    }

    /**
     * A model that ships in {@code assets/}, offered by the lanes' model menus.
     *
     * @param label  what the menu shows, e.g. "Maths: Jacobi Forcing"
     * @param dir    its directory
     * @param method the method it is meant for (the Jacobi Forcing models: multi-block decoding); null to keep the lane's
     */
    public record EmbeddedModel(String label, Path dir, DecodeMethod method) {
    }

    /** The shipped models present on disk, pair by pair: standard, consistency (CLLM), Jacobi Forcing. */
    public List<EmbeddedModel> embeddedModels() {
        List<EmbeddedModel> out = new ArrayList<>();
        for (ModelPair p : ModelPair.ALL) {
            addIfPresent(out, p.label() + ": standard", p.standardDir(home.root()), null);
            addIfPresent(out, p.label() + ": consistency (CLLM)", p.consistencyDir(home.root()), null);
            addIfPresent(out, p.label() + ": Jacobi Forcing", p.forcingDir(home.root()), MultiBlock.DEFAULT);
        }
        return out;
    }

    private static void addIfPresent(List<EmbeddedModel> out, String label, Path dir, DecodeMethod method) {
        if (existing(dir) != null) {
            out.add(new EmbeddedModel(label, dir, method));
        }
    }

    /** Puts a shipped model into a lane (with the method it is meant for); the pair selector follows. */
    public void useEmbeddedModel(Lane lane, EmbeddedModel model) {
        lane(lane).modelDirectoryProperty().set(model.dir());
        if (model.method() != null) {
            lane(lane).methodProperty().set(model.method());
        }
        recognisePair();
    }

    /**
     * The pair whose models both lanes hold, if any: the selector names it, with its prompts. The
     * lower lane may hold the pair's consistency model or its Jacobi Forcing model.
     */
    private void recognisePair() {
        for (ModelPair p : ModelPair.ALL) {
            Path lower = lane(Lane.CONSISTENCY).modelDirectoryProperty().get();
            if (p.standardDir(home.root()).equals(lane(Lane.STANDARD).modelDirectoryProperty().get())
                    && (p.consistencyDir(home.root()).equals(lower) || p.forcingDir(home.root()).equals(lower))) {
                choosingPair = true;
                try {
                    pair.set(p.label());
                } finally {
                    choosingPair = false;
                }
                showPromptsOf(p);
                return;
            }
        }
    }

    private void showPromptsOf(ModelPair chosen) {
        promptHint.set(chosen == ModelPair.STORIES ? STORIES_HINT : PROMPT_HINT);
        samplePrompts.setAll(Samples.fromPromptFiles(
                chosen.samplePrompts().stream().map(home.root()::resolve).toList()));
    }

    private static Path existing(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve("config.json")) ? modelDir : null;
    }

    public void useEmbeddedModels() {
        for (Lane lane : Lane.values()) {
            lane(lane).modelDirectoryProperty().set(home.embeddedModel(lane).orElse(null));
        }
        recognisePair();
    }

    // ----- run --------------------------------------------------------------------------------

    public void run() {
        if (running.get()) {
            return;
        }
        if (inputProblem.get() != null) {
            dialogs.showError("Check the settings", inputProblem.get());
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
        beforeRun = new ShownState(shownPrompt, new EnumMap<>(traces), new EnumMap<>(arTimings));
        failures.clear();
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
        Map<Lane, DecodeMethod> methods = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            methods.put(lane, lane(lane).methodProperty().get());
        }
        cancellation = decoder.start(new DecodeRequest(shownPrompt, models, methods, home.embeddedDraft().orElse(null),
                maxNewTokens.get(), device.get(), SEED, timeArReference.get()), new RunCallbacks());
        requestPlaybackFocus();
    }

    /**
     * The devices the engine sees, as {@code bin/jacobi-lens devices} lists them; the box offers
     * "auto" and each of them.
     */
    public void setDevices(List<EngineReport.DeviceInfo> found) {
        String chosen = device.get();
        deviceLabels.clear();
        deviceLabels.put("auto", "auto");
        List<String> ids = new java.util.ArrayList<>(List.of("auto"));
        for (EngineReport.DeviceInfo d : found) {
            ids.add(d.id());
            deviceLabels.put(d.id(), dev.jacobilens.store.DeviceNames.shown(d.id())
                    + (d.id().startsWith("gpu") ? " · " + d.name() : "") + " · " + d.dtype());
        }
        devices.setAll(ids);
        device.set(ids.contains(chosen) ? chosen : "auto");
    }

    /** How the device box names a device id: "cpu · float32", "gpu 0 · NVIDIA H200 · float16". */
    public String deviceLabel(String id) {
        return id == null ? "" : deviceLabels.getOrDefault(id, id);
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
            // The recording replaces the live trace; it keeps what every pass verified, so the
            // frames stay the ones the live run drew (and a saved file replays them too).
            traces.put(lane, LaneTrace.of(recording));
            if (ar != null) {
                arTimings.put(lane, ar);
            }
            pushTraces(true);
        }

        @Override
        public void laneFailed(Lane lane, String message) {
            // Reported once, when the run ends: both lanes often fail for the same reason.
            failures.put(lane, message);
            traces.put(lane, LaneTrace.empty());
            pushTraces(true);
        }

        @Override
        public void finished(boolean cancelled) {
            running.set(false);
            cancellation = null;
            progress.set(cancelled ? 0 : 1);
            boolean anyResult = traces.values().stream().anyMatch(t -> t.recording() != null);
            if (!failures.isEmpty() && !anyResult && beforeRun != null) {
                restore(beforeRun);
            }
            status.set(outcome(cancelled, anyResult));
            pushTraces(false);
            if (!failures.isEmpty()) {
                dialogs.showError(failures.size() == 1 ? failures.keySet().iterator().next().title() + " lane failed"
                        : "The run failed", failureText());
            }
            beforeRun = null;
        }
    }

    private String outcome(boolean cancelled, boolean anyResult) {
        if (!failures.isEmpty() && !anyResult) {
            return "Failed: nothing was decoded, the previous results are shown again. " + firstLine(failureText());
        }
        String failed = failures.keySet().stream().map(l -> l.title().toLowerCase()).reduce((a, b) -> a + " and " + b)
                .map(lanes -> " The " + lanes + " lane failed.").orElse("");
        if (cancelled) {
            return "Stopped: the lanes show what was decoded before Stop." + failed;
        }
        return (failed.isEmpty() ? "Done." : "Done, with errors.") + failed + " Press Home, then Space, to replay.";
    }

    private String failureText() {
        // Identical messages (say, no GPU for either lane) are said once.
        Map<String, List<String>> byMessage = new java.util.LinkedHashMap<>();
        failures.forEach((lane, message) -> byMessage.computeIfAbsent(message, m -> new java.util.ArrayList<>())
                .add(lane.title()));
        StringBuilder text = new StringBuilder();
        byMessage.forEach((message, lanes) -> {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(byMessage.size() > 1 ? String.join(" and ", lanes) + " lane: " : "").append(message);
        });
        return text.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** What the window showed: a comparison's prompt, traces and AR timings. */
    private record ShownState(String prompt, Map<Lane, LaneTrace> traces, Map<Lane, ArTiming> arTimings) {
    }

    private void restore(ShownState state) {
        shownPrompt = state.prompt();
        traces.putAll(state.traces());
        arTimings.clear();
        arTimings.putAll(state.arTimings());
        playback.reset(traces.get(Lane.STANDARD), traces.get(Lane.CONSISTENCY), false);
    }

    private void requestPlaybackFocus() {
        playbackFocusRequests.set(playbackFocusRequests.get() + 1);
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
        dialogs.chooseFileToOpen("Open a recording or comparison", lastDirectory.get(), FileType.JSON).ifPresent(this::open);
    }

    public void openIntoLaneInteractively(Lane lane) {
        dialogs.chooseFileToOpen("Open a recording into the " + lane.title().toLowerCase() + " lane", lastDirectory.get(),
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
        lastDirectory.set(file.toAbsolutePath().getParent());
        work.run("open " + file.getFileName(), () -> recordingIo.open(file), opened -> show(opened, intoLane, file));
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
        status.set("Opened " + file.getFileName() + ": press Space to play, ← → to step");
        requestPlaybackFocus();
    }

    /**
     * Opens the first shipped comparison, paused at its first pass, so the window opens ready to
     * teach; does nothing when samples/ has no recordings.
     */
    public void openStartupSample() {
        if (!sampleRecordings.isEmpty()) {
            open(sampleRecordings.get(0));
        }
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

    /** The shown run, as the file exports see it. */
    private final class ShownRun implements FileExports.Shown {
        @Override
        public String prompt() {
            return shownPrompt;
        }

        @Override
        public LaneTrace trace(Lane lane) {
            return traces.get(lane);
        }

        @Override
        public ArTiming arTiming(Lane lane) {
            return arTimings.get(lane);
        }

        @Override
        public String modelText(Lane lane) {
            return lane(lane).modelTextProperty().get();
        }
    }

    private boolean refuseWhileRunning() {
        if (running.get()) {
            dialogs.showError("A decode is running", "Wait for it to finish, or press Stop, then try again.");
            return true;
        }
        return false;
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

    /** Save and export commands for what is shown. */
    public FileExports exports() {
        return exports;
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


    public IntegerProperty maxNewTokensProperty() {
        return maxNewTokens;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    /** The pair selector's entries: each shipped pair that is installed, then "your own models". */
    public ObservableList<String> pairs() {
        return pairs;
    }

    public StringProperty pairProperty() {
        return pair;
    }

    /** What the prompt box invites, for the chosen pair. */
    public ReadOnlyStringProperty promptHintProperty() {
        return promptHint.getReadOnlyProperty();
    }

    /** Devices the device box offers. */
    public ObservableList<String> devices() {
        return devices;
    }

    /** Why the typed settings cannot be used; null when they can. */
    public ReadOnlyStringProperty inputProblemProperty() {
        return inputProblem.getReadOnlyProperty();
    }

    /** Counts requests to give the keyboard to playback (after Run, Open and Samples). */
    public ReadOnlyIntegerProperty playbackFocusRequestsProperty() {
        return playbackFocusRequests.getReadOnlyProperty();
    }

    public DisplayOptions display() {
        return display;
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
        return work.busyProperty();
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
