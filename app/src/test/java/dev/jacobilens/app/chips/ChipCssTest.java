package dev.jacobilens.app.chips;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChipCssTest {

    @Test
    void everyStateHasItsOwnFillAndItsOwnSecondCue() {
        Set<String> fills = new HashSet<>();
        Set<String> cues = new HashSet<>();
        for (ChipState state : ChipState.values()) {
            ChipStyle style = ChipStyle.of(state);
            fills.add(style.fill());
            cues.add(java.util.Arrays.toString(style.dashes()) + style.underline());
        }
        assertEquals(ChipState.values().length, fills.size(), "fills must differ");
        assertEquals(ChipState.values().length, cues.size(), "border/underline cues must differ, not only colours");
    }

    @Test
    void stylesheetHasAClassPerState() {
        String css = ChipCss.stylesheetText();
        for (ChipState state : ChipState.values()) {
            assertTrue(css.contains("." + ChipStyle.cssClass(state) + " {"), state.name());
        }
        assertTrue(ChipCss.stylesheetUrl().startsWith("data:text/css;base64,"));
    }
}
