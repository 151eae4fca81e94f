package dev.jacobilens.app.playback;

import dev.jacobilens.app.trace.PassPosition;

/** What both lanes show at one point of the timeline; a lane with no passes has a null position. */
public record Frame(PassPosition standard, PassPosition consistency) {
}
