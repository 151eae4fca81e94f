package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.PassEvent;

import java.util.Map;

/** A forward pass as the UI receives it, with the display strings of the ids it introduces. */
public record LivePass(Lane lane, PassEvent event, Map<Integer, String> newTokens) {
}
