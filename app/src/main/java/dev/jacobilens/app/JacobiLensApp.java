package dev.jacobilens.app;

import dev.jacobilens.app.settings.SettingsStore;
import dev.jacobilens.engine.Models;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop app. The command line starts it when run without arguments. */
public class JacobiLensApp extends Application {

    public static void main(String[] args) {
        DecoderThreads.leaveOneCoreForTheUi();
        launch(JacobiLensApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        MainWindow.openReadyToTeach(stage, AppHome.fromSystem(), Models::load, SettingsStore.standard());
        stage.show();
    }
}
