package dev.jacobilens.app.playback;

import java.util.function.DoubleConsumer;

/**
 * Calls back with elapsed seconds while started. The app drives playback from the FX pulse;
 * tests drive it by hand, so playback logic is testable without a screen.
 */
public interface FrameClock {

    void start(DoubleConsumer elapsedSeconds);

    void stop();

    /** A clock that never ticks on its own; {@link #advance} delivers time. For tests and exports. */
    final class Manual implements FrameClock {
        private DoubleConsumer listener;

        @Override
        public void start(DoubleConsumer elapsedSeconds) {
            listener = elapsedSeconds;
        }

        @Override
        public void stop() {
            listener = null;
        }

        public boolean isRunning() {
            return listener != null;
        }

        public void advance(double seconds) {
            if (listener != null) {
                listener.accept(seconds);
            }
        }
    }
}
