package dev.jacobilens.app.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Dialogs on the screen, owned by the main window so they stay on top of it. */
public final class FxDialogService implements DialogService {
    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String message) {
        show(Alert.AlertType.ERROR, title, message);
    }

    @Override
    public void showInformation(String title, String message) {
        show(Alert.AlertType.INFORMATION, title, message);
    }

    private void show(Alert.AlertType type, String title, String message) {
        Alert alert = new Alert(type, "", ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        // A wrapped label instead of the default content text, so long paths and engine
        // messages wrap instead of being cut off with an ellipsis.
        Label text = new Label(message);
        text.setWrapText(true);
        // A fixed preferred width makes the label wrap; otherwise the dialog grows as wide as
        // the message and its OK button can end up off the screen.
        text.setPrefWidth(520);
        text.setMaxWidth(520);
        text.setMinHeight(Label.USE_PREF_SIZE);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("error-dialog");
        // Non-blocking: an error must never freeze playback or a running decode.
        alert.show();
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, Path initialDirectory, FileType type) {
        FileChooser chooser = chooser(title, initialDirectory, type);
        return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, Path initialDirectory, String suggestedName, FileType type) {
        FileChooser chooser = chooser(title, initialDirectory, type);
        chooser.setInitialFileName(suggestedName);
        return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath)
                .map(path -> path.getFileName().toString().contains(".") ? path
                        : path.resolveSibling(path.getFileName() + "." + type.extension()));
    }

    @Override
    public Optional<Path> chooseDirectory(String title, Path initialDirectory) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (initialDirectory != null && Files.isDirectory(initialDirectory)) {
            chooser.setInitialDirectory(initialDirectory.toFile());
        }
        return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
    }

    private static FileChooser chooser(String title, Path initialDirectory, FileType type) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(type.description(), type.patterns()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        if (initialDirectory != null && Files.isDirectory(initialDirectory)) {
            chooser.setInitialDirectory(initialDirectory.toFile());
        }
        return chooser;
    }
}
