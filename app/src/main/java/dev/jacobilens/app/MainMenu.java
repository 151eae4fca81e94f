package dev.jacobilens.app;

import dev.jacobilens.app.trace.Lane;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

import java.nio.file.Path;

/** File, Model and Playback menus: each item calls one ViewModel command. */
final class MainMenu extends MenuBar {

    MainMenu(MainViewModel model, Runnable quit) {
        Menu samples = new Menu("Samples");
        samples.setId("menu-samples");
        if (model.sampleRecordings().isEmpty()) {
            MenuItem none = new MenuItem("no recordings in samples/recordings");
            none.setDisable(true);
            samples.getItems().add(none);
        }
        for (Path sample : model.sampleRecordings()) {
            samples.getItems().add(item(dev.jacobilens.app.files.Samples.title(sample), null, () -> model.open(sample)));
        }
        Menu export = new Menu("Export");
        export.getItems().addAll(
                item("Per-Pass Metrics as CSV…", null, model.exports()::exportCsvInteractively),
                item("Trajectories in CLLM Format…", null, model.exports()::exportCllmInteractively),
                item("PNG of Current Frame…", null, model.exports()::exportPngInteractively),
                item("Animated GIF of the Run…", null, model.exports()::exportGifInteractively));
        Menu file = new Menu("File");
        file.getItems().addAll(
                item("Open…", "Shortcut+O", model::openInteractively),
                item("Open Recording into Standard Lane…", null, () -> model.openIntoLaneInteractively(Lane.STANDARD)),
                item("Open Recording into Consistency Lane…", null,
                        () -> model.openIntoLaneInteractively(Lane.CONSISTENCY)),
                samples,
                new SeparatorMenuItem(),
                item("Save Comparison…", "Shortcut+S", model.exports()::saveInteractively),
                export,
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", quit));
        Menu models = new Menu("Model");
        models.getItems().addAll(
                item("Choose Standard Model…", null, () -> model.chooseModel(Lane.STANDARD)),
                item("Choose Consistency Model…", null, () -> model.chooseModel(Lane.CONSISTENCY)),
                item("Use Embedded Models", null, model::useEmbeddedModels),
                new SeparatorMenuItem(),
                item("Run", "Shortcut+R", model::run),
                item("Stop", "Shortcut+PERIOD", model::stop));
        // Playback keys (Space, arrows, Home/End) are handled on the scene so they work
        // everywhere but in text fields; the menu only lists them.
        Menu playback = new Menu("Playback");
        playback.getItems().addAll(
                item("Play / Pause\tSpace", null, model.playback()::togglePlay),
                item("Step Forward\t→", null, model.playback()::stepForward),
                item("Step Back\t←", null, model.playback()::stepBack),
                item("First Frame\tHome", null, model.playback()::toStart),
                item("Last Frame\tEnd", null, model.playback()::toEnd));
        Menu view = new Menu("View");
        view.setId("menu-view");
        view.getItems().addAll(
                item("Zoom In\tCtrl++", null, model.display()::zoomIn),
                item("Zoom Out\tCtrl+-", null, model.display()::zoomOut),
                item("Normal Size\tCtrl+0", null, model.display()::resetZoom),
                new SeparatorMenuItem(),
                item("Detailed Colours", null,
                        () -> model.display().schemeProperty().set(dev.jacobilens.app.chips.ChipScheme.DETAILED)),
                item("Paper Colours (Blue Right, Red Wrong)", null,
                        () -> model.display().schemeProperty().set(dev.jacobilens.app.chips.ChipScheme.PAPER)),
                new SeparatorMenuItem(),
                item("What Am I Seeing?", "F1", () -> model.display().explainingProperty().set(true)));
        getMenus().addAll(file, models, playback, view);
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }
}
