package dev.jacobilens.app.ui;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a ViewModel asks of the user through a dialog. ViewModels get one injected, so
 * they run in tests with a scripted implementation and no screen (as in JabRef's jabgui).
 */
public interface DialogService {

    void showError(String title, String message);

    void showInformation(String title, String message);

    Optional<Path> chooseFileToOpen(String title, Path initialDirectory, FileType type);

    Optional<Path> chooseFileToSave(String title, Path initialDirectory, String suggestedName, FileType type);

    Optional<Path> chooseDirectory(String title, Path initialDirectory);
}
