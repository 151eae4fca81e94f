package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipScheme;
import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStyle;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

import java.util.EnumMap;
import java.util.Map;

/**
 * The trajectory grid drawn on a canvas: a 64-token block over dozens of iterations is
 * thousands of cells, far too many for one node each. Rows keep a readable height whatever the
 * iteration count; the view grows instead, and its scroll pane keeps the newest row in view.
 * Hovering a cell shows its token, id, state and the pass that accepted it.
 */
public final class TrajectoryGridView extends Region {
    /** Row height at zoom 1: tall enough for a 12 px token, small enough for 16 rows at 720 px. */
    static final double ROW_HEIGHT = 17;
    private static final double LABEL_WIDTH = 26;

    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private TrajectoryGrid grid = TrajectoryGrid.EMPTY;
    private ChipScheme scheme = ChipScheme.DETAILED;
    private double zoom = 1;
    private boolean tooltipInstalled;
    private final Map<ChipState, Color[]> colours = new EnumMap<>(ChipState.class);

    public TrajectoryGridView() {
        getStyleClass().add("trajectory-grid");
        getChildren().add(canvas);
        setMinHeight(ROW_HEIGHT * 2);
        parseColours();
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(420);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            String text = describeCellAt(e.getX(), e.getY());
            if (text == null && tooltipInstalled) {
                Tooltip.uninstall(canvas, tooltip);
                tooltipInstalled = false;
            } else if (text != null) {
                tooltip.setText(text);
                if (!tooltipInstalled) {
                    Tooltip.install(canvas, tooltip);
                    tooltipInstalled = true;
                }
            }
        });
    }

    public void show(TrajectoryGrid grid) {
        boolean rowsChanged = grid.visibleRows() != this.grid.visibleRows();
        this.grid = grid;
        if (rowsChanged) {
            requestLayout();
        }
        draw();
    }

    public void setScheme(ChipScheme scheme) {
        this.scheme = scheme;
        parseColours();
        draw();
    }

    public void setZoom(double zoom) {
        this.zoom = zoom;
        requestLayout();
        draw();
    }

    public TrajectoryGrid grid() {
        return grid;
    }

    /** Height of one row at the current zoom. */
    public double rowHeight() {
        return Math.round(ROW_HEIGHT * zoom);
    }

    /** The tooltip text of the cell under (x, y), or null outside the revealed cells. */
    public String describeCellAt(double x, double y) {
        if (grid.visibleRows() == 0 || x < LABEL_WIDTH) {
            return null;
        }
        int row = (int) (y / rowHeight());
        int columns = grid.rows().get(0).size();
        int column = (int) ((x - LABEL_WIDTH) / cellWidth(columns));
        if (row >= grid.visibleRows() || column >= columns) {
            return null;
        }
        String detail = grid.rows().get(row).detail(column);
        return detail.isEmpty() ? null : detail;
    }

    @Override
    protected double computePrefHeight(double width) {
        return Math.max(ROW_HEIGHT * 2, Math.max(1, grid.visibleRows()) * rowHeight() + 2);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
        draw();
    }

    private double cellWidth(int columns) {
        return Math.floor((canvas.getWidth() - LABEL_WIDTH) / columns);
    }

    private void parseColours() {
        // Parsed once per scheme: a step redraws thousands of cells, and parsing colours per
        // cell showed up in timings.
        for (ChipState state : ChipState.values()) {
            ChipStyle style = scheme.style(state);
            colours.put(state, new Color[] {Color.web(style.fill()), Color.web(style.border()), Color.web(style.text())});
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        if (grid.visibleRows() == 0 || width < LABEL_WIDTH + 10) {
            g.setFill(Color.gray(0.45));
            g.setFont(Font.font(12 * zoom));
            g.setTextBaseline(VPos.TOP);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("The current block's trajectory appears here: one row per iteration.", 4, 2);
            return;
        }
        int columns = grid.rows().get(0).size();
        double cellWidth = cellWidth(columns);
        double cellHeight = rowHeight();
        boolean withText = cellWidth >= 14;
        Font font = Font.font("Monospaced", Math.min(12 * zoom, cellHeight - 4));
        Font rowFont = Font.font(Math.min(11 * zoom, cellHeight - 4));
        g.setTextBaseline(VPos.CENTER);
        for (int r = 0; r < grid.visibleRows(); r++) {
            double y = r * cellHeight;
            g.setFill(Color.gray(0.35));
            g.setFont(rowFont);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(grid.label(r), LABEL_WIDTH - 4, y + cellHeight / 2);
            ChipRow row = grid.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                cell(g, LABEL_WIDTH + c * cellWidth, y, cellWidth - 1, cellHeight - 1, row.states().get(c),
                        withText ? row.tokens().get(c) : null, font);
            }
        }
    }

    private void cell(GraphicsContext g, double x, double y, double w, double h, ChipState state, String token,
                      Font font) {
        ChipStyle style = scheme.style(state);
        Color[] colour = colours.get(state);
        g.setFill(colour[0]);
        g.fillRect(x, y, w, h);
        if (w >= 6 && h >= 6) {
            g.setStroke(colour[1]);
            g.setLineWidth(Math.min(style.borderWidth(), Math.max(1, Math.min(w, h) / 6)));
            g.setLineDashes(style.dashes());
            g.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
            g.setLineDashes();
        }
        if (style.underline()) {
            double bar = Math.max(2, h / 6);
            g.setFill(colour[1]);
            g.fillRect(x, y + h - bar, w, bar);
        }
        if (token != null) {
            g.setFill(colour[2]);
            g.setFont(font);
            g.setTextAlign(TextAlignment.CENTER);
            // fillText squeezes text into w - 2 pixels; monospaced glyphs are about 0.6 em wide,
            // so up to half as wide again stays legible. Longer tokens end in an ellipsis, and
            // the tooltip has them whole.
            int fits = Math.max(1, (int) (1.5 * w / (font.getSize() * 0.6)));
            String shown = token.length() > fits ? token.substring(0, Math.max(1, fits - 1)) + "…" : token;
            g.fillText(shown, x + w / 2, y + h / 2, w - 2);
        }
    }
}
