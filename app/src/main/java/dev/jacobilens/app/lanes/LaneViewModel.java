package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.store.DeviceNames;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.util.List;

/**
 * One lane (Standard or Consistency): which model it uses, and what it shows at the current
 * frame: generated text, the current block as chips, and the block's trajectory grid.
 */
public final class LaneViewModel {
    public static final String NO_MODEL = "no model — choose a model directory or open a recording";

    private final Lane lane;
    private final ChipStateCalculator chipStates;
    private final ObjectProperty<Path> modelDirectory = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper modelText = new ReadOnlyStringWrapper(NO_MODEL);
    private final ReadOnlyStringWrapper generatedText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelPath = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper badge = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper gridTitle = new ReadOnlyStringWrapper(LaneSnapshot.TRAJECTORY_TITLE);
    private final ReadOnlyStringWrapper methodText = new ReadOnlyStringWrapper("");
    private final ObjectProperty<DecodeMethod> method = new SimpleObjectProperty<>(Jacobi.DEFAULT);
    private final ReadOnlyIntegerWrapper forwardPasses = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper outputTokens = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<ChipRow> chips = new ReadOnlyObjectWrapper<>(ChipRow.EMPTY);
    private final ReadOnlyObjectWrapper<TrajectoryGrid> grid = new ReadOnlyObjectWrapper<>(TrajectoryGrid.EMPTY);
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(false);

    private LaneTrace trace = LaneTrace.empty();
    private LaneFrames frames;
    private PassPosition position;

    public LaneViewModel(Lane lane, ChipStateCalculator chipStates) {
        this.lane = lane;
        this.chipStates = chipStates;
        this.frames = new LaneFrames(trace, chipStates);
        modelDirectory.addListener((obs, old, now) -> describeModel());
    }

    public void setTrace(LaneTrace trace) {
        if (trace != this.trace) {
            this.trace = trace;
            this.frames = new LaneFrames(trace, chipStates);
            describeModel();
        }
    }

    /** Show the lane at a position of its trace (null: nothing decoded yet). */
    public void show(PassPosition position) {
        this.position = position;
        LaneSnapshot snapshot = frames.snapshot(position);
        generatedText.set(snapshot.generatedText());
        chips.set(snapshot.chips());
        grid.set(snapshot.grid());
        finished.set(snapshot.finished());
        positionText.set(snapshot.positionText());
        forwardPasses.set(snapshot.forwardPasses());
        outputTokens.set(snapshot.outputTokens());
        badge.set(snapshot.badge());
        gridTitle.set(snapshot.gridTitle());
        methodText.set(snapshot.methodText());
    }

    /** The state of every position of the shown block (empty when nothing is shown). */
    public List<ChipState> chipStates() {
        return chips.get().states();
    }

    /**
     * The header names the model (never its whole path, which goes to {@link #modelPathProperty()}
     * for a tooltip) and, for a recording, how it decoded.
     */
    private void describeModel() {
        Recording recording = trace.recording();
        Path dir = modelDirectory.get();
        if (recording != null) {
            modelText.set("model " + recording.model().name() + " · " + recording.settings().describe()
                    + " · " + DeviceNames.shown(recording.settings().device()));
            String source = recording.model().directory();
            modelPath.set((source == null || source.isBlank() ? "recorded from model " + recording.model().name()
                    : "recorded from " + source) + "\n\n" + PromptSeen.describe(recording));
        } else if (dir != null) {
            Path name = dir.getFileName();
            modelText.set("model " + (name == null ? dir.toString() : name.toString())
                    + (trace.isLive() ? " · decoding" : ""));
            modelPath.set(dir.toAbsolutePath().toString());
        } else {
            modelText.set(trace.isLive() ? "decoding" : NO_MODEL);
            modelPath.set("");
        }
    }

    public Lane lane() {
        return lane;
    }

    public LaneTrace trace() {
        return trace;
    }

    public PassPosition position() {
        return position;
    }

    public ObjectProperty<Path> modelDirectoryProperty() {
        return modelDirectory;
    }

    public ReadOnlyStringProperty modelTextProperty() {
        return modelText.getReadOnlyProperty();
    }

    /** The model's full path (or where a recording came from), for the header's tooltip. */
    public ReadOnlyStringProperty modelPathProperty() {
        return modelPath.getReadOnlyProperty();
    }

    /** The method, with its parameters, this lane decodes with on Run. */
    public ObjectProperty<DecodeMethod> methodProperty() {
        return method;
    }

    /** What the grid shows at the current frame. */
    public ReadOnlyStringProperty gridTitleProperty() {
        return gridTitle.getReadOnlyProperty();
    }

    /** What a lookahead or speculative pass did; empty for AR and Jacobi. */
    public ReadOnlyStringProperty methodTextProperty() {
        return methodText.getReadOnlyProperty();
    }

    /** What the shown pass did, e.g. "+9 fast-forwarded · 2 stationary". */
    public ReadOnlyStringProperty badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    /** Forward passes made up to the shown frame, the prompt pass included. */
    public ReadOnlyIntegerProperty forwardPassesProperty() {
        return forwardPasses.getReadOnlyProperty();
    }

    /** Output tokens fixed up to the shown frame. */
    public ReadOnlyIntegerProperty outputTokensProperty() {
        return outputTokens.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty generatedTextProperty() {
        return generatedText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ChipRow> chipsProperty() {
        return chips.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TrajectoryGrid> gridProperty() {
        return grid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }
}
