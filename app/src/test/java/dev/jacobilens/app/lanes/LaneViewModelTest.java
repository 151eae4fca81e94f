package dev.jacobilens.app.lanes;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.jacobilens.app.chips.ChipState.ACCEPTED_LOCKED;
import static dev.jacobilens.app.chips.ChipState.INCORRECT;
import static dev.jacobilens.app.chips.ChipState.NEWLY_ACCEPTED;
import static dev.jacobilens.app.chips.ChipState.STATIONARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneViewModelTest {
    private final LaneViewModel lane = new LaneViewModel(Lane.CONSISTENCY, new StoreChipStates());
    private final Recording recording = TestRecordings.recording("cllm-tiny", List.of(TestRecordings.twoPassBlock()));

    @Test
    void withoutModelOrRecordingTheLaneSaysWhatToDo() {
        assertEquals(LaneViewModel.NO_MODEL, lane.modelTextProperty().get());
        lane.modelDirectoryProperty().set(Path.of("/models/my-cllm"));
        assertEquals("my-cllm", lane.modelTextProperty().get());
    }

    @Test
    void showsChipsTextAndGridOfThePosition() {
        LaneTrace trace = LaneTrace.of(recording);
        lane.setTrace(trace);
        assertEquals("cllm-tiny · n=4 · cpu", lane.modelTextProperty().get());

        lane.show(trace.position(1));
        assertEquals(List.of(NEWLY_ACCEPTED, NEWLY_ACCEPTED, INCORRECT, STATIONARY), lane.chipStates());
        assertEquals(List.of("\u00B7t10", "\u00B7t11", "\u00B7t22", "\u00B7t13"), lane.chipsProperty().get().tokens());
        assertEquals(" t10 t11", lane.generatedTextProperty().get());
        assertEquals(2, lane.gridProperty().get().visibleRows(), "initial guess and pass 1");
        assertEquals(3, lane.gridProperty().get().rows().size());
        assertEquals("block 1/1 · iteration 1/2 · forward pass 2", lane.positionTextProperty().get());
        assertFalse(lane.finishedProperty().get());

        lane.show(trace.position(2));
        assertEquals(List.of(ACCEPTED_LOCKED, ACCEPTED_LOCKED, NEWLY_ACCEPTED, NEWLY_ACCEPTED), lane.chipStates());
        assertTrue(lane.finishedProperty().get());
        assertTrue(lane.positionTextProperty().get().endsWith("· done"));
    }

    @Test
    void tokensAfterTheEndOfTheOutputAreShownAfterEnd() {
        // The same block, but the output ended at its position 2 (an EOS there): position 3 is no output.
        Recording r = recording;
        Recording ended = new Recording(r.model(), r.settings(), r.promptText(), r.promptIds(), r.prefillNanos(),
                r.blocks(), java.util.Arrays.copyOf(r.outputIds(), 3), r.outputText(), "eos", r.tokenStrings(),
                r.elapsedNanos(), r.createdAt());
        LaneTrace trace = LaneTrace.of(ended);
        lane.setTrace(trace);
        lane.show(trace.position(1));
        assertEquals(List.of(NEWLY_ACCEPTED, NEWLY_ACCEPTED, INCORRECT, ChipState.AFTER_END), lane.chipStates());
        lane.show(trace.position(2));
        assertEquals(List.of(ACCEPTED_LOCKED, ACCEPTED_LOCKED, NEWLY_ACCEPTED, ChipState.AFTER_END), lane.chipStates());
        assertEquals(List.of(ChipState.AFTER_END), lane.gridProperty().get().rows().get(0).states().subList(3, 4));
    }

    @Test
    void gridRowsMatchTheChipStatesOfEachIteration() {
        LaneTrace trace = LaneTrace.of(recording);
        lane.setTrace(trace);
        lane.show(trace.position(2));
        List<ChipRow> rows = lane.gridProperty().get().rows();
        StoreChipStates calculator = new StoreChipStates();
        for (int k = 0; k < rows.size(); k++) {
            assertEquals(List.of(calculator.states(recording.blocks().get(0), k, true)), rows.get(k).states());
        }
        assertEquals(List.of(ChipState.values()).contains(rows.get(0).states().get(0)), true);
    }

    @Test
    void nothingDecodedShowsAnEmptyBlock() {
        lane.setTrace(LaneTrace.live());
        lane.show(null);
        assertTrue(lane.chipStates().isEmpty());
        assertEquals("waiting for the first pass…", lane.positionTextProperty().get());
        assertEquals(TrajectoryGrid.EMPTY, lane.gridProperty().get());
    }
}
