package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Recording;

import java.util.List;

/** What a running decode reports. Every method is called on the UI thread, in order. */
public interface DecodeCallbacks {

    /** @param progress 0..1, or negative when unknown (model loading) */
    void status(String message, double progress);

    /** A lane begins decoding: its old trace should be replaced by a live one. */
    void laneStarted(Lane lane);

    void passes(List<LivePass> batch);

    /** @param ar the AR reference timing, null when not asked for or cancelled */
    void laneFinished(Lane lane, Recording recording, ArTiming ar);

    /** A lane could not decode; the message is meant for the user. Other lanes go on. */
    void laneFailed(Lane lane, String message);

    void finished(boolean cancelled);
}
