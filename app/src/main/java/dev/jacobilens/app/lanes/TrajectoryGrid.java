package dev.jacobilens.app.lanes;

import java.util.List;

/**
 * The trajectory of the current block as the CLLM paper draws it: row k is the block after pass
 * k (row 0 the initial guess). Only rows up to the current iteration are revealed.
 *
 * @param block       block number
 * @param rows        every known row of the block
 * @param visibleRows rows revealed at the current frame (current iteration + 1)
 */
public record TrajectoryGrid(int block, List<ChipRow> rows, int visibleRows) {
    public TrajectoryGrid {
        rows = List.copyOf(rows);
    }

    public static final TrajectoryGrid EMPTY = new TrajectoryGrid(-1, List.of(), 0);
}
