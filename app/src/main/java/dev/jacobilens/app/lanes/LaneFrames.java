package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.chips.ChipWords;
import dev.jacobilens.app.trace.BlockTrace;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import dev.jacobilens.app.trace.TokenText;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.MultiBlock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a lane's trace into snapshots. Plain Java, no FX, so exports can render frames on a
 * worker thread. Not thread-safe: one instance per thread.
 *
 * <p>Numbering, the same everywhere in the app: blocks from 1; a block's iterations from 1
 * (row 0 of its grid is the initial guess); forward passes from 1, pass 1 being the prompt pass.
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
            return LaneSnapshot.empty(trace.isLive() ? "waiting for the first pass…" : "");
        }
        List<ChipRow> rows = rowsOf(position.block());
        boolean last = !trace.isLive() && position.passNumber() == trace.passCount();
        ChipRow row = rows.get(position.iteration());
        TrajectoryGrid grid = new TrajectoryGrid(position.block(), rows, position.iteration() + 1);
        String gridTitle = LaneSnapshot.TRAJECTORY_TITLE;
        String methodText = "";
        PassCandidates detail = trace.detail(position.passNumber());
        String badge = badge(position, row);
        if (detail != null && MultiBlockPasses.is(detail)) {
            BlockTrace head = trace.blocks().get(position.block());
            int acceptedBefore = head.acceptedAfter(position.iteration() - 1);
            grid = MultiBlockPasses.grid(detail, row, position.block(), acceptedBefore, trace);
            gridTitle = MultiBlockPasses.title(detail, position.block());
            badge += MultiBlockPasses.badgeSuffix(detail);
        } else if (detail != null) {
            grid = MethodPasses.grid(detail, trace::token);
            gridTitle = MethodPasses.gridTitle(detail);
            methodText = MethodPasses.describe(detail, trace::token);
        } else if (trace.recording() != null && trace.recording().passCandidates().isEmpty()
                && !(trace.recording().settings().method() instanceof Jacobi)
                && !(trace.recording().settings().method() instanceof Autoregressive)
                && !(trace.recording().settings().method() instanceof MultiBlock)) {
            // files written before recordings kept each pass's candidates (a multi-block pass
            // with one block in flight and nothing recycled has none: it is a Jacobi pass)
            methodText = trace.recording().settings().describe()
                    + ": this recording predates stored candidates, so it shows the accepted tokens only";
        }
        return new LaneSnapshot(trace.text(position), describe(position, last), row, grid, last,
                position.passNumber() + 1, trace.acceptedIds(position).length, badge, gridTitle,
                methodText);
    }

    private List<ChipRow> rowsOf(int block) {
        List<ChipRow> cached = convergedRows.get(block);
        if (cached != null) {
            return cached;
        }
        BlockTrace blockTrace = trace.blocks().get(block);
        List<ChipRow> rows = new ArrayList<>();
        // A live decode's output end is known only once its recording arrives.
        int outputPositions = trace.recording() == null ? blockTrace.trajectory().size()
                : Metrics.outputPositions(trace.recording(), blockTrace.trajectory());
        for (int k = 0; k <= blockTrace.passes(); k++) {
            ChipState[] states = chipStates.states(blockTrace.trajectory(), k, blockTrace.converged(), outputPositions);
            int[] ids = blockTrace.trajectory().states().get(k);
            List<String> pieces = new ArrayList<>(ids.length);
            for (int id : ids) {
                pieces.add(trace.token(id));
            }
            // Chips come from the whole row, so a character split across byte tokens reads right.
            List<String> tokens = TokenText.chips(pieces);
            List<String> details = new ArrayList<>(ids.length);
            for (int j = 0; j < ids.length; j++) {
                details.add(detail(block, blockTrace, k, j, ids[j], states[j]));
            }
            rows.add(new ChipRow(tokens, List.of(states), details));
        }
        if (blockTrace.converged()) {
            convergedRows.put(block, rows);
        }
        return rows;
    }

    /** A token's tooltip: its text and id, its state, and the forward pass that accepted it. */
    private String detail(int block, BlockTrace blockTrace, int iteration, int position, int id, ChipState state) {
        StringBuilder text = new StringBuilder()
                .append('“').append(TokenText.plain(trace.token(id))).append("” · id ").append(id)
                .append("\n").append(ChipWords.name(state)).append(": ").append(ChipWords.meaning(state));
        int acceptedBy = state == ChipState.AFTER_END ? 0 : acceptingIteration(blockTrace, position);
        if (acceptedBy > 0) {
            int pass = trace.passNumber(block, acceptedBy) + 1;
            text.append(acceptedBy <= iteration ? "\naccepted by forward pass " : "\nwill be accepted by forward pass ")
                    .append(pass).append(" (iteration ").append(acceptedBy).append(" of block ")
                    .append(block + 1).append(')');
        }
        text.append("\nposition ").append(position + 1).append(" of block ").append(block + 1)
                .append(iteration == 0 ? ", initial guess" : ", after iteration " + iteration);
        return text.toString();
    }

    /** The iteration (from 1) that accepted a position of the block; 0 when none has yet. */
    private static int acceptingIteration(BlockTrace block, int position) {
        for (int k = 1; k <= block.passes(); k++) {
            if (block.acceptedAfter(k) > position) {
                return k;
            }
        }
        return 0;
    }

    /** What the shown pass did, in the paper's words: tokens fast-forwarded, stationary tokens. */
    private static String badge(PassPosition at, ChipRow row) {
        int accepted = 0;
        int stationary = 0;
        for (ChipState state : row.states()) {
            if (state == ChipState.NEWLY_ACCEPTED) {
                accepted++;
            } else if (state == ChipState.STATIONARY) {
                stationary++;
            }
        }
        String text = accepted == 0 ? "no new output token" : accepted == 1 ? "+1 token" : "+" + accepted + " fast-forwarded";
        return stationary == 0 ? text : text + " · " + stationary + " stationary";
    }

    private String describe(PassPosition at, boolean last) {
        BlockTrace block = trace.blocks().get(at.block());
        String blocks = trace.isLive() ? String.valueOf(at.block() + 1) : (at.block() + 1) + " of " + trace.blocks().size();
        String iterations = block.converged() ? at.iteration() + " of " + block.passes() : String.valueOf(at.iteration());
        String passes = trace.isLive() ? String.valueOf(at.passNumber() + 1)
                : (at.passNumber() + 1) + " of " + (trace.passCount() + 1);
        // Forward passes count the prompt pass, as Recording.forwardPasses() does.
        String text = "block " + blocks + " · iteration " + iterations + " · pass " + passes;
        if (!last) {
            return text;
        }
        boolean stopped = trace.recording() != null && trace.recording().stopReason() == StopReason.CANCELLED;
        return text + (stopped ? " · stopped" : " · done");
    }
}
