package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.Recording;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Keeps what a decode reported, and rebuilds each lane's live trace from the passes. */
final class RecordingCallbacks implements DecodeCallbacks {
    final List<String> events = new ArrayList<>();
    final Map<Lane, LaneTrace> live = new EnumMap<>(Lane.class);
    final Map<Lane, Recording> recordings = new EnumMap<>(Lane.class);
    final Map<Lane, ArTiming> ar = new EnumMap<>(Lane.class);
    final Map<Lane, String> failures = new EnumMap<>(Lane.class);
    final CountDownLatch done = new CountDownLatch(1);
    volatile boolean cancelled;
    int batches;

    @Override
    public void status(String message, double progress) {
    }

    @Override
    public void laneStarted(Lane lane) {
        events.add("started " + lane);
        live.put(lane, LaneTrace.live());
    }

    @Override
    public void passes(List<LivePass> batch) {
        batches++;
        for (LivePass pass : batch) {
            live.put(pass.lane(), live.get(pass.lane()).withPass(pass.event(), pass.newTokens()));
        }
    }

    @Override
    public void laneFinished(Lane lane, Recording recording, ArTiming timing) {
        events.add("finished " + lane);
        recordings.put(lane, recording);
        if (timing != null) {
            ar.put(lane, timing);
        }
    }

    @Override
    public void laneFailed(Lane lane, String message) {
        events.add("failed " + lane);
        failures.put(lane, message);
    }

    @Override
    public void finished(boolean wasCancelled) {
        events.add("done");
        cancelled = wasCancelled;
        done.countDown();
    }
}
