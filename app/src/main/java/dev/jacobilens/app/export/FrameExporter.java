package dev.jacobilens.app.export;

import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.lanes.LaneFrames;
import dev.jacobilens.app.playback.Frame;
import dev.jacobilens.app.playback.Timeline;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/** Renders frames of a comparison to PNG and to a looping GIF with one frame per timeline frame. */
public final class FrameExporter {
    /** The last frame stays up a while so the audience can read the result before the loop restarts. */
    static final int FINAL_FRAME_MILLIS = 2500;

    private final ChipStateCalculator chipStates;
    private final SlideRenderer renderer = new SlideRenderer();

    public FrameExporter(ChipStateCalculator chipStates) {
        this.chipStates = chipStates;
    }

    public void writePng(ExportRequest request, int frameIndex, Path file) throws IOException {
        Session session = new Session(request);
        if (session.timeline.size() == 0) {
            throw new IOException("There is nothing to export yet: run a decode or open a recording.");
        }
        if (!ImageIO.write(session.render(frameIndex), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /**
     * @param progress  told the number of frames written so far
     * @param cancelled checked between frames; a cancelled export deletes nothing but stops early
     * @return frames written
     */
    public int writeGif(ExportRequest request, Path file, IntConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        Session session = new Session(request);
        int frames = session.timeline.size();
        if (frames == 0) {
            throw new IOException("There is nothing to export yet: run a decode or open a recording.");
        }
        int delay = (int) Math.round(1000 / Math.max(0.5, request.framesPerSecond()));
        try (AnimatedGifWriter gif = new AnimatedGifWriter(file)) {
            for (int i = 0; i < frames; i++) {
                if (cancelled.getAsBoolean()) {
                    throw new InterruptedIOException("GIF export cancelled after " + i + " of " + frames + " frames");
                }
                gif.writeFrame(session.render(i), i == frames - 1 ? FINAL_FRAME_MILLIS : delay);
                progress.accept(i + 1);
            }
        }
        return frames;
    }

    /** Per-export state: lane frame caches are not shared with the FX thread's. */
    private final class Session {
        final ExportRequest request;
        final Timeline timeline;
        final LaneFrames standard;
        final LaneFrames consistency;

        Session(ExportRequest request) {
            this.request = request;
            this.timeline = new Timeline(request.standard(), request.consistency(), request.mode());
            this.standard = new LaneFrames(request.standard(), chipStates);
            this.consistency = new LaneFrames(request.consistency(), chipStates);
        }

        BufferedImage render(int index) {
            Frame frame = timeline.frame(index);
            String caption = "frame " + (index + 1) + " of " + timeline.size() + " · " + request.mode();
            return renderer.render(new Slide(request.prompt(), caption,
                    request.standardModel(), standard.snapshot(frame.standard()),
                    request.consistencyModel(), consistency.snapshot(frame.consistency())));
        }
    }
}
