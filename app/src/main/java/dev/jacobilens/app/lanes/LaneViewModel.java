package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.store.Recording;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
    private final ReadOnlyObjectWrapper<ChipRow> chips = new ReadOnlyObjectWrapper<>(new ChipRow(List.of(), List.of()));
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
    }

    /** The state of every position of the shown block (empty when nothing is shown). */
    public List<ChipState> chipStates() {
        return chips.get().states();
    }

    private void describeModel() {
        Recording recording = trace.recording();
        if (recording != null) {
            modelText.set(recording.model().name() + " · n=" + recording.settings().blockSize()
                    + " · " + recording.settings().device());
        } else if (modelDirectory.get() != null) {
            Path name = modelDirectory.get().getFileName();
            modelText.set((name == null ? modelDirectory.get().toString() : name.toString())
                    + (trace.isLive() ? " · decoding" : ""));
        } else if (trace.isLive()) {
            modelText.set("decoding");
        } else {
            modelText.set(NO_MODEL);
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
