package dev.jacobilens.app;

import dev.jacobilens.app.chips.ChipCss;
import dev.jacobilens.app.chips.ChipStateCalculator;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.decode.DecodeService;
import dev.jacobilens.app.decode.ModelLoader;
import dev.jacobilens.app.files.StoreRecordingIo;
import dev.jacobilens.app.playback.PlaybackViewModel;
import dev.jacobilens.app.playback.PulseClock;
import dev.jacobilens.app.settings.SettingsStore;
import dev.jacobilens.app.ui.FxDialogService;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wires the main window: services, ViewModels and views. Separate from the Application class so
 * that tests can open the same window with their own model loader and home directory.
 */
public final class MainWindow {
    private MainWindow() {
    }

    public static MainViewModel open(Stage stage, AppHome home, ModelLoader loader, SettingsStore settings) {
        ChipStateCalculator chipStates = new StoreChipStates();
        ExecutorService fileWorker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jacobi-lens-files");
            thread.setDaemon(true);
            return thread;
        });
        MainViewModel model = new MainViewModel(home, new FxDialogService(stage),
                new DecodeService(loader, Platform::runLater), new StoreRecordingIo(), chipStates,
                new PlaybackViewModel(new PulseClock()), Platform::runLater, fileWorker);
        model.apply(settings.load());

        MainView view = new MainView(model, stage::close);
        // As large as 1440x900 would like, but never larger than the screen: a window that
        // hangs off a 1280x720 projector cuts its own controls off.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().addAll(
                Objects.requireNonNull(MainWindow.class.getResource("jacobi-lens.css")).toExternalForm(),
                ChipCss.stylesheetUrl());
        stage.setTitle("Jacobi Lens — standard vs consistency model");
        stage.setScene(scene);
        stage.setMinWidth(Math.min(960, screen.getWidth()));
        stage.setMinHeight(Math.min(640, screen.getHeight()));
        stage.setOnHidden(e -> {
            try {
                settings.save(model.currentSettings());
            } catch (IOException notSaved) {
                // Closing must not fail because the settings file could not be written.
                System.err.println("Could not remember the session's settings: " + notSaved.getMessage());
            }
            model.close();
            fileWorker.shutdown();
        });
        listDevicesInTheBackground(model);
        return model;
    }

    /** Asks the engine for its devices off the FX thread (starting it takes a moment). */
    private static void listDevicesInTheBackground(MainViewModel model) {
        Thread probe = new Thread(() -> {
            try {
                var devices = dev.jacobilens.engine.runtime.EngineReport.describe(java.util.Set.of()).devices();
                Platform.runLater(() -> model.setDevices(devices));
            } catch (RuntimeException | LinkageError engineUnavailable) {
                // The box keeps "auto" and "cpu"; a run names the engine's problem if there is one.
            }
        }, "jacobi-lens-devices");
        probe.setDaemon(true);
        probe.start();
    }

    /** The window as a user gets it: a shipped comparison open, paused at its first pass. */
    public static MainViewModel openReadyToTeach(Stage stage, AppHome home, ModelLoader loader, SettingsStore settings) {
        MainViewModel model = open(stage, home, loader, settings);
        model.openStartupSample();
        return model;
    }
}
