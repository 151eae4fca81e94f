package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStyle;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The trajectory grid drawn on a canvas: a 64-token block over dozens of iterations is
 * thousands of cells, far too many for one node each.
 */
public final class TrajectoryGridView extends Region {
    private static final double LABEL_WIDTH = 26;
    /** Parsed once: a step redraws thousands of cells, and parsing colours per cell showed up in timings. */
    private static final java.util.Map<ChipState, Color[]> COLOURS = new java.util.EnumMap<>(ChipState.class);

    static {
        for (ChipState state : ChipState.values()) {
            ChipStyle style = ChipStyle.of(state);
            COLOURS.put(state, new Color[] {Color.web(style.fill()), Color.web(style.border()), Color.web(style.text())});
        }
    }

    private final Canvas canvas = new Canvas();
    private TrajectoryGrid grid = TrajectoryGrid.EMPTY;

    public TrajectoryGridView() {
        getStyleClass().add("trajectory-grid");
        getChildren().add(canvas);
        setMinHeight(80);
        setPrefHeight(220);
    }

    public void show(TrajectoryGrid grid) {
        this.grid = grid;
        draw();
    }

    public TrajectoryGrid grid() {
        return grid;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        if (grid.visibleRows() == 0 || width < LABEL_WIDTH + 10) {
            g.setFill(Color.gray(0.45));
            g.setFont(Font.font(13));
            g.setTextBaseline(VPos.TOP);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("The trajectory of the current block appears here: one row per iteration.", 4, 4);
            return;
        }
        int columns = grid.rows().get(0).size();
        int rows = grid.rows().size();
        double cellWidth = Math.floor((width - LABEL_WIDTH) / columns);
        double cellHeight = Math.max(3, Math.min(24, Math.floor(height / rows)));
        boolean withText = cellWidth >= 22 && cellHeight >= 14;
        Font font = Font.font("Monospaced", Math.min(12, cellHeight - 3));
        Font rowFont = Font.font(Math.max(1, Math.min(11, cellHeight - 2)));
        g.setTextBaseline(VPos.CENTER);
        for (int r = 0; r < grid.visibleRows(); r++) {
            double y = r * cellHeight;
            if (cellHeight >= 10) {
                g.setFill(Color.gray(0.35));
                g.setFont(rowFont);
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(Integer.toString(r), LABEL_WIDTH - 4, y + cellHeight / 2);
            }
            ChipRow row = grid.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                cell(g, LABEL_WIDTH + c * cellWidth, y, cellWidth - 1, cellHeight - 1, row.states().get(c),
                        withText ? row.tokens().get(c) : null, font);
            }
        }
    }

    private static void cell(GraphicsContext g, double x, double y, double w, double h, ChipState state,
                             String token, Font font) {
        ChipStyle style = ChipStyle.of(state);
        Color[] colours = COLOURS.get(state);
        g.setFill(colours[0]);
        g.fillRect(x, y, w, h);
        if (w >= 6 && h >= 6) {
            g.setStroke(colours[1]);
            g.setLineWidth(Math.min(style.borderWidth(), Math.max(1, Math.min(w, h) / 6)));
            g.setLineDashes(style.dashes());
            g.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
            g.setLineDashes();
        }
        if (style.underline()) {
            double bar = Math.max(2, h / 6);
            g.setFill(colours[1]);
            g.fillRect(x, y + h - bar, w, bar);
        }
        if (token != null) {
            g.setFill(colours[2]);
            g.setFont(font);
            g.setTextAlign(TextAlignment.CENTER);
            String shown = token.length() > (int) (w / 7) ? token.substring(0, Math.max(1, (int) (w / 7) - 1)) + "…" : token;
            g.fillText(shown, x + w / 2, y + h / 2, w - 2);
        }
    }
}
