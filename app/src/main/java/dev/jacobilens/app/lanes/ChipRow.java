package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;

import java.util.Collections;
import java.util.List;

/**
 * One state of a block as chips: the token shown at each position, its state, and what a
 * tooltip says about it (token text, id, state, the pass that accepted it).
 */
public record ChipRow(List<String> tokens, List<ChipState> states, List<String> details) {
    public ChipRow {
        tokens = List.copyOf(tokens);
        states = List.copyOf(states);
        details = List.copyOf(details);
        if (tokens.size() != states.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + states.size() + " states");
        }
        if (!details.isEmpty() && details.size() != tokens.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + details.size() + " details");
        }
    }

    public ChipRow(List<String> tokens, List<ChipState> states) {
        this(tokens, states, Collections.nCopies(tokens.size(), ""));
    }

    public static final ChipRow EMPTY = new ChipRow(List.of(), List.of());

    public int size() {
        return tokens.size();
    }

    /** The tooltip text of position {@code i} (empty when none was made). */
    public String detail(int i) {
        return details.get(i);
    }

    /** This row widened to {@code width} cells with empty after-the-end ones (a grid's rows line up). */
    public ChipRow paddedTo(int width) {
        if (size() >= width) {
            return this;
        }
        List<String> tokens = new java.util.ArrayList<>(this.tokens);
        List<ChipState> states = new java.util.ArrayList<>(this.states);
        List<String> details = new java.util.ArrayList<>(this.details);
        while (tokens.size() < width) {
            tokens.add("");
            states.add(ChipState.AFTER_END);
            details.add("");
        }
        return new ChipRow(tokens, states, details);
    }
}
