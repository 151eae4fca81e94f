package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.trace.BlockTrace;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.app.trace.TokenText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a lane's trace into snapshots. Plain Java, no FX, so exports can render frames on a
 * worker thread. Not thread-safe: one instance per thread.
 */
public final class LaneFrames {
    private final LaneTrace trace;
    private final ChipStateCalculator chipStates;
    /** Rows of converged blocks, computed once: stepping must stay cheap on the FX thread. */
    private final Map<Integer, List<ChipRow>> convergedRows = new HashMap<>();

    public LaneFrames(LaneTrace trace, ChipStateCalculator chipStates) {
        this.trace = trace;
        this.chipStates = chipStates;
    }

    public LaneTrace trace() {
        return trace;
    }

    public LaneSnapshot snapshot(PassPosition position) {
        if (position == null) {
            return new LaneSnapshot("", trace.isLive() ? "waiting for the first pass…" : "",
                    new ChipRow(List.of(), List.of()), TrajectoryGrid.EMPTY, false);
        }
        List<ChipRow> rows = rowsOf(position.block());
        boolean last = !trace.isLive() && position.passNumber() == trace.passCount();
        return new LaneSnapshot(trace.text(position), describe(position, last), rows.get(position.iteration()),
                new TrajectoryGrid(position.block(), rows, position.iteration() + 1), last);
    }

    private List<ChipRow> rowsOf(int block) {
        List<ChipRow> cached = convergedRows.get(block);
        if (cached != null) {
            return cached;
        }
        BlockTrace blockTrace = trace.blocks().get(block);
        List<ChipRow> rows = new ArrayList<>();
        for (int k = 0; k <= blockTrace.passes(); k++) {
            ChipState[] states = chipStates.states(blockTrace.trajectory(), k, blockTrace.converged());
            int[] ids = blockTrace.trajectory().states().get(k);
            List<String> pieces = new ArrayList<>(ids.length);
            for (int id : ids) {
                pieces.add(trace.token(id));
            }
            rows.add(new ChipRow(TokenText.chips(pieces), List.of(states)));
        }
        if (blockTrace.converged()) {
            convergedRows.put(block, rows);
        }
        return rows;
    }

    private String describe(PassPosition at, boolean last) {
        BlockTrace block = trace.blocks().get(at.block());
        String blocks = trace.isLive() ? String.valueOf(at.block() + 1) : (at.block() + 1) + "/" + trace.blocks().size();
        String iterations = block.converged() ? at.iteration() + "/" + block.passes() : String.valueOf(at.iteration());
        // Forward passes count the prompt pass, as Recording.forwardPasses() does.
        String text = "block " + blocks + " · iteration " + iterations + " · forward pass " + (at.passNumber() + 1);
        return last ? text + " · done" : text;
    }
}
