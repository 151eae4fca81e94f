package dev.jacobilens.app;

import dev.jacobilens.app.export.ExportRequest;
import dev.jacobilens.app.export.FrameExporter;
import dev.jacobilens.app.files.RecordingIo;
import dev.jacobilens.app.playback.PlaybackViewModel;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.ui.DialogService;
import dev.jacobilens.app.ui.FileType;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.CllmExport;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.CsvExport;
import dev.jacobilens.store.Recording;
import javafx.beans.property.ObjectProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Consumer;

/**
 * The commands that write what the window shows: save the comparison, and export per-pass CSV,
 * CLLM trajectories, a PNG of the current frame or a GIF of the whole run. Each has an
 * interactive form that asks for the file first.
 */
public final class FileExports {
    /** What the window currently shows, as the exports need it. */
    interface Shown {
        String prompt();

        LaneTrace trace(Lane lane);

        ArTiming arTiming(Lane lane);

        String modelText(Lane lane);
    }

    private final Shown shown;
    private final DialogService dialogs;
    private final RecordingIo recordingIo;
    private final FrameExporter exporter;
    private final PlaybackViewModel playback;
    private final ObjectProperty<Path> lastDirectory;
    private final BackgroundWork work;
    private final BooleanSupplier refuseWhileRunning;
    private final Consumer<String> status;
    private final DoubleConsumer progress;

    FileExports(Shown shown, DialogService dialogs, RecordingIo recordingIo, FrameExporter exporter,
                PlaybackViewModel playback, ObjectProperty<Path> lastDirectory, BackgroundWork work,
                BooleanSupplier refuseWhileRunning, Consumer<String> status, DoubleConsumer progress) {
        this.shown = shown;
        this.dialogs = dialogs;
        this.recordingIo = recordingIo;
        this.exporter = exporter;
        this.playback = playback;
        this.lastDirectory = lastDirectory;
        this.work = work;
        this.refuseWhileRunning = refuseWhileRunning;
        this.status = status;
        this.progress = progress;
    }

    public void saveInteractively() {
        askForFileThen("Save the comparison", "comparison.json", FileType.JSON, this::save);
    }

    /** Saves both lanes as a comparison, or the one decoded lane as a recording. */
    public void save(Path file) {
        if (nothingToExport()) {
            return;
        }
        lastDirectory.set(file.toAbsolutePath().getParent());
        Recording standard = shown.trace(Lane.STANDARD).recording();
        Recording consistency = shown.trace(Lane.CONSISTENCY).recording();
        Comparison comparison = new Comparison(shown.prompt(), standard, consistency, shown.arTiming(Lane.STANDARD),
                shown.arTiming(Lane.CONSISTENCY));
        work.run("save " + file.getFileName(), () -> {
            if (standard != null && consistency != null) {
                recordingIo.save(file, comparison);
            } else {
                recordingIo.save(file, standard != null ? standard : consistency);
            }
            return file;
        }, saved -> status.accept("Saved " + saved.getFileName()));
    }

    public void exportCsvInteractively() {
        askForFileThen("Export per-pass metrics as CSV", "comparison.csv", FileType.CSV, this::exportCsv);
    }

    /** One row per forward pass of each decoded lane, in the trajectory store's CSV layout. */
    public void exportCsv(Path file) {
        if (nothingToExport()) {
            return;
        }
        List<CsvExport.Source> sources = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            Recording recording = shown.trace(lane).recording();
            if (recording != null) {
                sources.add(new CsvExport.Source("jacobi-lens", lane.name().toLowerCase(), recording));
            }
        }
        work.run("export " + file.getFileName(), () -> {
            CsvExport.write(file, sources);
            return file;
        }, done -> status.accept("Exported " + sources.size() + " lane(s) to " + done.getFileName()));
    }

    public void exportCllmInteractively() {
        askForFileThen("Export trajectories in the CLLM training format", "trajectories.json", FileType.JSON,
                this::exportCllm);
    }

    /** The decoded lanes' Jacobi trajectories as the CLLM reference code's training data. */
    public void exportCllm(Path file) {
        if (nothingToExport()) {
            return;
        }
        // only Jacobi lanes have trajectories; an AR, lookahead or speculative lane would give
        // "trajectories" of two identical states, so those lanes are left out (and said so)
        List<Recording> recordings = recordings().stream().filter(r -> CllmExport.notJacobi(r) == null).toList();
        int left = recordings().size() - recordings.size();
        work.run("export " + file.getFileName(), () -> {
            if (recordings.isEmpty()) {
                throw new IllegalArgumentException("no lane decoded with Jacobi: only Jacobi decodes have trajectories"
                        + " for the CLLM format (export CSV for the other methods)");
            }
            CllmExport.write(file, recordings);
            return file;
        }, done -> status.accept("Exported CLLM trajectories to " + done.getFileName()
                + (left == 0 ? "" : " (" + left + " lane(s) not decoded with Jacobi left out)")));
    }

    public void exportPngInteractively() {
        askForFileThen("Export the current frame as PNG", "frame.png", FileType.PNG, this::exportPng);
    }

    public void exportPng(Path file) {
        if (nothingToExport()) {
            return;
        }
        ExportRequest request = exportRequest();
        int frame = playback.frameIndexProperty().get();
        work.run("export " + file.getFileName(), () -> {
            exporter.writePng(request, frame, file);
            return file;
        }, done -> status.accept("Exported frame " + (frame + 1) + " to " + done.getFileName()));
    }

    public void exportGifInteractively() {
        askForFileThen("Export the whole run as an animated GIF", "jacobi-run.gif", FileType.GIF, this::exportGif);
    }

    public void exportGif(Path file) {
        if (nothingToExport()) {
            return;
        }
        ExportRequest request = exportRequest();
        int frames = playback.frameCountProperty().get();
        work.run("export " + file.getFileName(), () -> exporter.writeGif(request, file,
                written -> work.onUiThread(() -> {
                    status.accept("Writing GIF frame " + written + " of " + frames + "…");
                    progress.accept(written / (double) frames);
                }), () -> false),
                written -> status.accept("Exported " + written + " frames to " + file.getFileName()));
    }

    /** Unless there is nothing to write, asks where to write it and then does. */
    private void askForFileThen(String title, String suggestedName, FileType type, Consumer<Path> write) {
        if (!nothingToExport()) {
            dialogs.chooseFileToSave(title, lastDirectory.get(), suggestedName, type).ifPresent(write);
        }
    }

    private ExportRequest exportRequest() {
        return new ExportRequest(shown.prompt(), shown.trace(Lane.STANDARD), shown.modelText(Lane.STANDARD),
                shown.trace(Lane.CONSISTENCY), shown.modelText(Lane.CONSISTENCY),
                playback.syncModeProperty().get(), playback.speedProperty().get());
    }

    /** The decoded lanes' recordings, standard first. */
    private List<Recording> recordings() {
        List<Recording> out = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            Recording recording = shown.trace(lane).recording();
            if (recording != null) {
                out.add(recording);
            }
        }
        return out;
    }

    private boolean nothingToExport() {
        if (refuseWhileRunning.getAsBoolean()) {
            return true;
        }
        if (recordings().isEmpty()) {
            dialogs.showError("Nothing to save yet", "Run a decode or open a recording first.");
            return true;
        }
        return false;
    }
}
