package dev.jacobilens.app;

import dev.jacobilens.app.settings.SettingsStore;
import dev.jacobilens.app.decode.EngineModels;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop app. The command line starts it when run without arguments. */
public class JacobiLensApp extends Application {

    public static void main(String[] args) {
        DecoderThreads.leaveOneCoreForTheUi();
        launch(JacobiLensApp.class, args);
    }

    /** {@code --template X} or {@code --template=X} among the app's arguments; null (auto) when absent. */
    static String templateOption(java.util.List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--template") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith("--template=")) {
                return args.get(i).substring("--template=".length());
            }
        }
        return null;
    }

    @Override
    public void start(Stage stage) {
        MainWindow.openReadyToTeach(stage, AppHome.fromSystem(), new EngineModels(templateOption(getParameters().getRaw())),
                SettingsStore.standard());
        stage.show();
    }
}
