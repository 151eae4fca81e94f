package dev.jacobilens.app.lanes;

import dev.jacobilens.store.StopReason;

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
        assertEquals("model my-cllm", lane.modelTextProperty().get());
        assertEquals(Path.of("/models/my-cllm").toAbsolutePath().toString(), lane.modelPathProperty().get(),
                "the full path is in the tooltip");
    }

    @Test
    void showsChipsTextAndGridOfThePosition() {
        LaneTrace trace = LaneTrace.of(recording);
        lane.setTrace(trace);
        assertEquals("model cllm-tiny · Jacobi n = 4 · cpu", lane.modelTextProperty().get());

        lane.show(trace.position(1));
        assertEquals(List.of(NEWLY_ACCEPTED, NEWLY_ACCEPTED, INCORRECT, STATIONARY), lane.chipStates());
        assertEquals(List.of("\u00B7t10", "\u00B7t11", "\u00B7t22", "\u00B7t13"), lane.chipsProperty().get().tokens());
        assertEquals(" t10 t11", lane.generatedTextProperty().get());
        assertEquals(2, lane.gridProperty().get().visibleRows(), "initial guess and pass 1");
        assertEquals(3, lane.gridProperty().get().rows().size());
        assertEquals("block 1 of 1 · iteration 1 of 2 · pass 2 of 3", lane.positionTextProperty().get(),
                "blocks and iterations from 1; pass 1 is the prompt pass, as Recording.forwardPasses counts");
        assertEquals(2, lane.forwardPassesProperty().get(), "the prompt pass and the first block pass");
        assertEquals(2, lane.outputTokensProperty().get());
        assertEquals("+2 fast-forwarded · 1 stationary", lane.badgeProperty().get());
        assertFalse(lane.finishedProperty().get());
        String tip = lane.chipsProperty().get().detail(1);
        assertTrue(tip.startsWith("“ t11” · id 11\nfast-forwarded: accepted by this pass"), tip);
        assertTrue(tip.contains("accepted by forward pass 2 (iteration 1 of block 1)"), tip);
        assertTrue(lane.chipsProperty().get().detail(2).contains("will be accepted by forward pass 3"),
                lane.chipsProperty().get().detail(2));

        lane.show(trace.position(2));
        assertEquals(List.of(ACCEPTED_LOCKED, ACCEPTED_LOCKED, NEWLY_ACCEPTED, NEWLY_ACCEPTED), lane.chipStates());
        assertTrue(lane.finishedProperty().get());
        assertEquals("block 1 of 1 · iteration 2 of 2 · pass 3 of 3 · done", lane.positionTextProperty().get());
        assertEquals(recording.forwardPasses(), lane.forwardPassesProperty().get(), "the counter ends at the run's passes");
        assertEquals(recording.outputIds().length, lane.outputTokensProperty().get());
    }

    @Test
    void tokensAfterTheEndOfTheOutputAreShownAfterEnd() {
        // The same block, but the output ended at its position 2 (an EOS there): position 3 is no output.
        Recording r = recording;
        Recording ended = new Recording(r.model(), r.settings(), r.promptText(), r.promptIds(), r.prefillNanos(),
                r.blocks(), java.util.Arrays.copyOf(r.outputIds(), 3), r.outputText(), StopReason.EOS, r.tokenStrings(),
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
    void aStoppedRunSaysStoppedNotDone() {
        Recording r = recording;
        Recording stopped = new Recording(r.model(), r.settings(), r.promptText(), r.promptIds(), r.prefillNanos(),
                r.blocks(), r.outputIds(), r.outputText(), StopReason.CANCELLED, r.tokenStrings(), r.elapsedNanos(),
                r.createdAt());
        LaneTrace trace = LaneTrace.of(stopped);
        lane.setTrace(trace);
        lane.show(trace.position(trace.passCount()));
        assertTrue(lane.positionTextProperty().get().endsWith("· stopped"), lane.positionTextProperty().get());
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
