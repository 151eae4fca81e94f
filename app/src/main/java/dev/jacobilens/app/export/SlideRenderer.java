package dev.jacobilens.app.export;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.chips.ChipStyle;
import dev.jacobilens.app.lanes.ChipRow;
import dev.jacobilens.app.lanes.LaneSnapshot;
import dev.jacobilens.app.lanes.TrajectoryGrid;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Slide} at 1280×720 with Java2D, off the FX thread, for the PNG and GIF exports.
 * A fixed slide layout (rather than a snapshot of the window) keeps exports the same size and
 * legible however the window happens to be arranged.
 */
public final class SlideRenderer {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    private static final int MARGIN = 16;
    private static final int HEADER = 64;
    private static final int LEGEND = 34;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x55, 0x55, 0x55);

    private final Font title = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private final Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private final Font chip = new Font(Font.MONOSPACED, Font.PLAIN, 13);

    public BufferedImage render(Slide slide) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            header(g, slide);
            int laneWidth = (WIDTH - 3 * MARGIN) / 2;
            lane(g, MARGIN, "Standard", slide.standardModel(), slide.standard(), laneWidth);
            lane(g, 2 * MARGIN + laneWidth, "Consistency", slide.consistencyModel(), slide.consistency(), laneWidth);
            legend(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void header(Graphics2D g, Slide slide) {
        g.setColor(new Color(0xF2, 0xF4, 0xF7));
        g.fillRect(0, 0, WIDTH, HEADER);
        g.setColor(INK);
        g.setFont(title);
        g.drawString("Jacobi decoding: standard vs consistency model", MARGIN, 28);
        g.setFont(small);
        g.setColor(MUTED);
        String caption = slide.caption();
        int captionWidth = g.getFontMetrics().stringWidth(caption);
        g.drawString(caption, WIDTH - MARGIN - captionWidth, 28);
        g.setFont(body);
        g.setColor(INK);
        g.drawString(ellipsize(g.getFontMetrics(), "Prompt: " + slide.prompt().replace('\n', ' '), WIDTH - 2 * MARGIN),
                MARGIN, 52);
    }

    private void lane(Graphics2D g, int x, String name, String model, LaneSnapshot lane, int width) {
        int y = HEADER + 26;
        g.setFont(title);
        g.setColor(INK);
        g.drawString(name, x, y);
        int nameWidth = g.getFontMetrics().stringWidth(name);
        g.setFont(small);
        g.setColor(MUTED);
        g.drawString(ellipsize(g.getFontMetrics(), model, width - nameWidth - 12), x + nameWidth + 12, y);
        y += 22;
        g.setFont(body);
        g.setColor(lane.finished() ? new Color(0x00, 0x6E, 0x50) : INK);
        g.drawString(lane.positionText(), x, y);
        y += 10;
        y = generatedText(g, x, y, width, lane.generatedText());
        y = chips(g, x, y + 8, width, lane.chips());
        grid(g, x, y + 24, width, HEIGHT - LEGEND - MARGIN - (y + 24), lane.grid());
    }

    private int generatedText(Graphics2D g, int x, int y, int width, String text) {
        int boxHeight = 4 * 19 + 10;
        g.setColor(new Color(0xFA, 0xFA, 0xFA));
        g.fillRect(x, y, width, boxHeight);
        g.setColor(new Color(0xD0, 0xD0, 0xD0));
        g.drawRect(x, y, width, boxHeight);
        g.setFont(body);
        g.setColor(INK);
        List<String> lines = wrap(g.getFontMetrics(), text, width - 12);
        // The newest text matters most in an animation: keep the last four lines.
        int from = Math.max(0, lines.size() - 4);
        int lineY = y + 22;
        for (int i = from; i < lines.size(); i++) {
            g.drawString(lines.get(i), x + 6, lineY);
            lineY += 19;
        }
        return y + boxHeight;
    }

    private int chips(Graphics2D g, int x, int y, int width, ChipRow row) {
        g.setFont(chip);
        FontMetrics metrics = g.getFontMetrics();
        int chipHeight = 22;
        int cx = x;
        int cy = y;
        for (int i = 0; i < row.size(); i++) {
            String token = ellipsize(metrics, row.tokens().get(i), 120);
            int w = Math.max(20, metrics.stringWidth(token) + 10);
            if (cx + w > x + width) {
                cx = x;
                cy += chipHeight + 6;
            }
            cell(g, cx, cy, w, chipHeight, row.states().get(i), token, metrics);
            cx += w + 4;
        }
        return row.size() == 0 ? y : cy + chipHeight;
    }

    private void grid(Graphics2D g, int x, int y, int width, int height, TrajectoryGrid grid) {
        g.setFont(small);
        g.setColor(MUTED);
        if (grid.visibleRows() == 0) {
            return;
        }
        g.drawString("Trajectory of block " + (grid.block() + 1) + " (rows: iterations, columns: positions)", x, y);
        int top = y + 8;
        int labelWidth = 28;
        int columns = grid.rows().get(0).size();
        int cellWidth = Math.max(1, (width - labelWidth) / columns);
        int rows = grid.rows().size();
        int cellHeight = Math.max(2, Math.min(26, (height - 12) / Math.max(1, rows)));
        g.setFont(chip.deriveFont(cellHeight >= 18 ? 12f : 10f));
        FontMetrics metrics = g.getFontMetrics();
        boolean withText = cellWidth >= 24 && cellHeight >= 14;
        for (int r = 0; r < grid.visibleRows(); r++) {
            int ry = top + r * cellHeight;
            if (cellHeight >= 10) {
                g.setColor(MUTED);
                g.setFont(small.deriveFont(Math.min(12f, cellHeight - 2f)));
                g.drawString(grid.label(r), x, ry + cellHeight - 3);
                g.setFont(chip.deriveFont(cellHeight >= 18 ? 12f : 10f));
            }
            ChipRow row = grid.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                String token = withText ? ellipsize(metrics, row.tokens().get(c), cellWidth - 4) : null;
                cell(g, x + labelWidth + c * cellWidth, ry, cellWidth - 1, cellHeight - 1, row.states().get(c), token, metrics);
            }
        }
    }

    private void cell(Graphics2D g, int x, int y, int w, int h, ChipState state, String text, FontMetrics metrics) {
        ChipStyle style = ChipStyle.of(state);
        g.setColor(Color.decode(style.fill()));
        g.fillRect(x, y, w, h);
        if (w >= 6 && h >= 6) {
            Stroke old = g.getStroke();
            float widthPx = (float) Math.min(style.borderWidth(), Math.max(1, Math.min(w, h) / 6.0));
            float[] dashes = style.dashes().length == 0 ? null : toFloats(style.dashes());
            g.setStroke(new BasicStroke(widthPx, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, dashes, 0));
            g.setColor(Color.decode(style.border()));
            g.drawRect(x, y, w - 1, h - 1);
            g.setStroke(old);
        }
        if (style.underline()) {
            // The second cue for "new": a heavy bar under the cell.
            g.setColor(Color.decode(style.border()));
            g.fillRect(x, y + h - Math.max(2, h / 6), w, Math.max(2, h / 6));
        }
        if (text != null) {
            g.setColor(Color.decode(style.text()));
            g.drawString(text, x + (w - metrics.stringWidth(text)) / 2, y + (h + metrics.getAscent() - metrics.getDescent()) / 2);
        }
    }

    private void legend(Graphics2D g) {
        int y = HEIGHT - LEGEND - 4;
        g.setColor(new Color(0xF2, 0xF4, 0xF7));
        g.fillRect(0, y - 6, WIDTH, LEGEND + 10);
        g.setFont(small);
        FontMetrics metrics = g.getFontMetrics();
        // Full meanings when they fit on the slide's one legend line, else the state names alone.
        boolean full = legendWidth(metrics, true) <= WIDTH - 2 * MARGIN;
        int x = MARGIN;
        for (ChipState state : ChipState.values()) {
            cell(g, x, y + 4, 26, 20, state, null, metrics);
            g.setColor(INK);
            String label = legendLabel(state, full);
            g.drawString(label, x + 32, y + 19);
            x += 32 + metrics.stringWidth(label) + 14;
        }
    }

    private static String legendLabel(ChipState state, boolean full) {
        return full ? state.label() + ": " + state.meaning() : state.label();
    }

    private static int legendWidth(FontMetrics metrics, boolean full) {
        int width = 0;
        for (ChipState state : ChipState.values()) {
            width += 32 + metrics.stringWidth(legendLabel(state, full)) + 14;
        }
        return width - 14;
    }

    private static float[] toFloats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }

    static String ellipsize(FontMetrics metrics, String text, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    static List<String> wrap(FontMetrics metrics, String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split("(?<= )")) {
                if (line.length() > 0 && metrics.stringWidth(line + word) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
