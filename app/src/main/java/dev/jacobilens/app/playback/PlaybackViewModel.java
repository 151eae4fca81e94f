package dev.jacobilens.app.playback;

import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.PassPosition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Playback over the frames of a comparison: play/pause, step, scrub, speed, sync mode, and live
 * following while decoders still deliver passes. Frame indices run from 0 to frameCount-1.
 */
public final class PlaybackViewModel {
    public static final double MIN_SPEED = 0.5;
    public static final double MAX_SPEED = 30;

    private final FrameClock clock;
    private final IntegerProperty frameIndex = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper frameCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(4);
    private final ObjectProperty<SyncMode> syncMode = new SimpleObjectProperty<>(SyncMode.BY_PASS);
    private final BooleanProperty followLive = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<Frame> frame = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("no frames");

    private LaneTrace standard = LaneTrace.empty();
    private LaneTrace consistency = LaneTrace.empty();
    private Timeline timeline = new Timeline(standard, consistency, SyncMode.BY_PASS);
    private boolean decoding;
    /** Fraction of a frame accumulated between clock ticks. */
    private double pendingFrames;

    public PlaybackViewModel(FrameClock clock) {
        this.clock = clock;
        frameIndex.addListener((obs, old, now) -> {
            int clamped = clamp(now.intValue());
            if (clamped != now.intValue()) {
                frameIndex.set(clamped);
                return;
            }
            refreshFrame();
        });
        speed.addListener((obs, old, now) -> {
            double bounded = Math.max(MIN_SPEED, Math.min(MAX_SPEED, now.doubleValue()));
            if (bounded != now.doubleValue()) {
                speed.set(bounded);
            }
        });
        syncMode.addListener((obs, old, now) -> rebuildKeepingPlace());
        refreshFrame();
    }

    /**
     * New data for the lanes (a recording opened, or a batch of live passes).
     *
     * @param stillDecoding whether more passes may come, so playback waits at the end instead of stopping
     */
    public void setTraces(LaneTrace standard, LaneTrace consistency, boolean stillDecoding) {
        this.standard = standard;
        this.consistency = consistency;
        this.decoding = stillDecoding;
        boolean wasAtEnd = frameIndex.get() >= frameCount.get() - 1;
        timeline = new Timeline(standard, consistency, syncMode.get());
        frameCount.set(timeline.size());
        if (stillDecoding && followLive.get() && wasAtEnd) {
            frameIndex.set(Math.max(0, timeline.size() - 1));
        } else {
            frameIndex.set(clamp(frameIndex.get()));
        }
        refreshFrame();
    }

    /** A fresh comparison: start from the first frame (or follow the live end). */
    public void reset(LaneTrace standard, LaneTrace consistency, boolean stillDecoding) {
        pause();
        followLive.set(true);
        frameIndex.set(0);
        setTraces(standard, consistency, stillDecoding);
    }

    public void play() {
        if (frameCount.get() == 0 || playing.get()) {
            return;
        }
        if (atEnd() && !decoding) {
            frameIndex.set(0);
        }
        pendingFrames = 0;
        playing.set(true);
        clock.start(this::advance);
    }

    public void pause() {
        if (playing.get()) {
            playing.set(false);
            clock.stop();
        }
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    public void stepForward() {
        pause();
        followLive.set(false);
        frameIndex.set(clamp(frameIndex.get() + 1));
    }

    public void stepBack() {
        pause();
        followLive.set(false);
        frameIndex.set(clamp(frameIndex.get() - 1));
    }

    public void toStart() {
        pause();
        followLive.set(false);
        frameIndex.set(0);
    }

    /** Jumps to the last frame; while decoding, keeps following new passes. */
    public void toEnd() {
        pause();
        followLive.set(true);
        frameIndex.set(Math.max(0, frameCount.get() - 1));
    }

    /** Scrubbing: the user chose a frame. */
    public void seek(int index) {
        followLive.set(index >= frameCount.get() - 1);
        frameIndex.set(clamp(index));
    }

    private void advance(double seconds) {
        pendingFrames += seconds * speed.get();
        int whole = (int) pendingFrames;
        if (whole == 0) {
            return;
        }
        pendingFrames -= whole;
        int target = frameIndex.get() + whole;
        if (target >= frameCount.get() - 1) {
            frameIndex.set(Math.max(0, frameCount.get() - 1));
            if (!decoding) {
                pause();
            }
        } else {
            frameIndex.set(target);
        }
    }

    private boolean atEnd() {
        return frameIndex.get() >= frameCount.get() - 1;
    }

    private void rebuildKeepingPlace() {
        PassPosition before = frame.get() == null ? null : frame.get().standard();
        timeline = new Timeline(standard, consistency, syncMode.get());
        frameCount.set(timeline.size());
        int index = before == null ? 0 : timeline.indexOf(true, before.passNumber());
        frameIndex.set(clamp(index));
        refreshFrame();
    }

    private int clamp(int index) {
        return Math.max(0, Math.min(index, frameCount.get() - 1));
    }

    private void refreshFrame() {
        Frame current = timeline.frame(frameIndex.get());
        frame.set(current);
        positionText.set(current == null ? "no frames"
                : "frame " + (frameIndex.get() + 1) + " of " + frameCount.get());
    }

    public IntegerProperty frameIndexProperty() {
        return frameIndex;
    }

    public ReadOnlyIntegerProperty frameCountProperty() {
        return frameCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    public ObjectProperty<SyncMode> syncModeProperty() {
        return syncMode;
    }

    public BooleanProperty followLiveProperty() {
        return followLive;
    }

    public ReadOnlyObjectProperty<Frame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText.getReadOnlyProperty();
    }

    public Timeline timeline() {
        return timeline;
    }

    public LaneTrace standardTrace() {
        return standard;
    }

    public LaneTrace consistencyTrace() {
        return consistency;
    }
}
