package dev.jacobilens.app.chips;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/**
 * Builds the chips' stylesheet from {@link ChipStyle}, so the screen, the grid and the exported
 * slides cannot drift apart. Served as a data URI, which JavaFX accepts as a stylesheet URL.
 */
public final class ChipCss {
    private ChipCss() {
    }

    public static String stylesheetText() {
        StringBuilder css = new StringBuilder();
        for (ChipScheme scheme : ChipScheme.values()) {
            // The paper scheme applies under a root carrying the "paper" style class.
            String prefix = scheme == ChipScheme.DETAILED ? "" : ".paper ";
            for (ChipState state : ChipState.values()) {
                appendRules(css, prefix + '.' + ChipStyle.cssClass(state), scheme.style(state));
            }
        }
        return css.toString();
    }

    private static void appendRules(StringBuilder css, String selector, ChipStyle style) {
        css.append(selector).append(" {\n")
                .append("  -fx-background-color: ").append(style.fill()).append(";\n")
                .append("  -fx-border-color: ").append(style.border()).append(";\n")
                .append("  -fx-border-width: ").append(style.underline()
                        ? style.borderWidth() + " " + style.borderWidth() + " " + (style.borderWidth() + 3) + " " + style.borderWidth()
                        : style.borderWidth()).append(";\n")
                .append("  -fx-border-style: ").append(borderStyle(style)).append(";\n")
                .append("}\n")
                .append(selector).append(" .chip-text { -fx-fill: ").append(style.text()).append("; }\n");
        if (style.underline()) {
            css.append(selector).append(" .chip-text { -fx-underline: true; }\n");
        }
    }

    public static String stylesheetUrl() {
        return "data:text/css;base64,"
                + Base64.getEncoder().encodeToString(stylesheetText().getBytes(StandardCharsets.UTF_8));
    }

    private static String borderStyle(ChipStyle style) {
        if (style.dashes().length == 0) {
            return "solid";
        }
        return "segments(" + DoubleStream.of(style.dashes()).mapToObj(d -> (int) d + "px")
                .collect(Collectors.joining(", ")) + ")";
    }
}
