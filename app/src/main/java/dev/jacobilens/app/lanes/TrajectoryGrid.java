package dev.jacobilens.app.lanes;

import java.util.List;

/**
 * The trajectory of the current block as the CLLM paper draws it: row k is the block after pass
 * k (row 0 the initial guess). Only rows up to the current iteration are revealed.
 *
 * @param block       block number
 * @param rows        every known row of the block
 * @param visibleRows rows revealed at the current frame (current iteration + 1)
 * @param labels      each row's label at its left ("B3", "R1"); empty for row numbers (iterations)
 */
public record TrajectoryGrid(int block, List<ChipRow> rows, int visibleRows, List<String> labels) {
    public TrajectoryGrid {
        rows = List.copyOf(rows);
        labels = List.copyOf(labels);
        if (!labels.isEmpty() && labels.size() != rows.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but " + labels.size() + " labels");
        }
    }

    /** Rows labelled by their number: row k is the block after iteration k. */
    public TrajectoryGrid(int block, List<ChipRow> rows, int visibleRows) {
        this(block, rows, visibleRows, List.of());
    }

    /** The label drawn left of row {@code r}. */
    public String label(int r) {
        return labels.isEmpty() ? Integer.toString(r) : labels.get(r);
    }

    public static final TrajectoryGrid EMPTY = new TrajectoryGrid(-1, List.of(), 0);
}
