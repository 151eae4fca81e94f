package dev.jacobilens.app.playback;

import javafx.animation.AnimationTimer;

import java.util.function.DoubleConsumer;

/** A {@link FrameClock} driven by the FX pulse, so playback advances in step with the screen. */
public final class PulseClock implements FrameClock {
    private AnimationTimer timer;

    @Override
    public void start(DoubleConsumer elapsedSeconds) {
        stop();
        timer = new AnimationTimer() {
            private long last = -1;

            @Override
            public void handle(long now) {
                if (last >= 0) {
                    elapsedSeconds.accept((now - last) / 1e9);
                }
                last = now;
            }
        };
        timer.start();
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.stop();
            timer = null;
        }
    }
}
