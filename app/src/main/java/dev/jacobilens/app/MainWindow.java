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
import javafx.scene.Scene;
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
        Scene scene = new Scene(view, 1440, 900);
        scene.getStylesheets().addAll(
                Objects.requireNonNull(MainWindow.class.getResource("jacobi-lens.css")).toExternalForm(),
                ChipCss.stylesheetUrl());
        stage.setTitle("Jacobi Lens — standard vs consistency model");
        stage.setScene(scene);
        stage.setMinWidth(1000);
        stage.setMinHeight(700);
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
        return model;
    }
}
