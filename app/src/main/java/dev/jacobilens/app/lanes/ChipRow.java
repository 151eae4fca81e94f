package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;

import java.util.List;

/** One state of a block as chips: the token shown at each position and its state. */
public record ChipRow(List<String> tokens, List<ChipState> states) {
    public ChipRow {
        tokens = List.copyOf(tokens);
        states = List.copyOf(states);
        if (tokens.size() != states.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + states.size() + " states");
        }
    }

    public int size() {
        return tokens.size();
    }
}
