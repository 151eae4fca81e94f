package dev.jacobilens.app.chips;

import java.util.EnumMap;
import java.util.Map;

/**
 * How each chip state looks, in one place for the JavaFX chips, the trajectory grid and the
 * exported slides. Fills are from the Okabe–Ito palette, which stays distinguishable under the
 * common colour-vision deficiencies; each state also has its own border pattern, and newly
 * accepted tokens are underlined, so colour is never the only cue.
 *
 * @param fill       background, #rrggbb
 * @param text       text colour chosen for contrast with the fill, #rrggbb
 * @param border     border colour, #rrggbb
 * @param borderWidth border width in pixels
 * @param dashes     border dash pattern in pixels (empty for a solid line)
 * @param underline  whether the token is underlined by a bar under the chip
 */
public record ChipStyle(String fill, String text, String border, double borderWidth, double[] dashes,
                        boolean underline) {

    private static final Map<ChipState, ChipStyle> STYLES = new EnumMap<>(ChipState.class);

    static {
        STYLES.put(ChipState.ACCEPTED_LOCKED, new ChipStyle("#0072B2", "#FFFFFF", "#003A5C", 2, new double[0], false));
        STYLES.put(ChipState.NEWLY_ACCEPTED, new ChipStyle("#009E73", "#FFFFFF", "#00513B", 3, new double[0], true));
        STYLES.put(ChipState.STATIONARY, new ChipStyle("#56B4E9", "#000000", "#1F5F85", 2, new double[] {6, 3}, false));
        STYLES.put(ChipState.CORRECT, new ChipStyle("#F0E442", "#000000", "#6B6520", 2, new double[] {7, 2, 2, 2}, false));
        STYLES.put(ChipState.INCORRECT, new ChipStyle("#D55E00", "#FFFFFF", "#6A2F00", 2, new double[] {2, 2}, false));
        // Lighter than PENDING, with a sparse dotted border: visibly "not there" rather than "not yet".
        STYLES.put(ChipState.AFTER_END, new ChipStyle("#F7F7F7", "#8C8C8C", "#C8C8C8", 1, new double[] {1, 5}, false));
        STYLES.put(ChipState.PENDING, new ChipStyle("#E4E4E4", "#333333", "#9A9A9A", 1, new double[] {1, 3}, false));
    }

    public static ChipStyle of(ChipState state) {
        return STYLES.get(state);
    }

    /** The CSS class a chip of this state carries. */
    public static String cssClass(ChipState state) {
        return "chip-" + state.label().replace(' ', '-');
    }

    /** A human description of the second cue, for the legend's tooltip. */
    public String cueDescription() {
        String line = dashes.length == 0 ? "solid border" : switch (dashes.length) {
            case 4 -> "dash-dot border";
            default -> dashes[0] >= 4 ? "dashed border" : "dotted border";
        };
        return underline ? line + ", underlined" : line;
    }
}
