package dev.jacobilens.app.ui;

import dev.jacobilens.app.AppHome;
import dev.jacobilens.app.MainViewModel;
import dev.jacobilens.app.MainWindow;
import dev.jacobilens.app.decode.ModelLoader;
import dev.jacobilens.app.lanes.ChipsView;
import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.settings.SettingsStore;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Opens the real main window in a test, with a chosen home directory and model loader. */
public final class AppUnderTest {
    private AppUnderTest() {
    }

    public static MainViewModel open(Stage stage, Path home, ModelLoader loader) {
        MainViewModel model = MainWindow.open(stage, new AppHome(home), loader,
                new SettingsStore(home.resolve("settings/session.properties")));
        stage.setWidth(1440);
        stage.setHeight(900);
        stage.show();
        return model;
    }

    /** The states the chips of a lane show, read from the nodes. */
    public static List<ChipState> chipStates(Node chipsView) {
        return ((ChipsView) chipsView).getChildren().stream().map(n -> (ChipState) n.getUserData()).toList();
    }

    public static void waitUntil(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (Exception e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    public static <T> T onFx(Callable<T> action) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return action.call();
        }
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }
}
