package dev.jacobilens.app;

import dev.jacobilens.app.ui.DialogService;
import dev.jacobilens.app.ui.FileType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A DialogService that answers from a script and remembers what it was asked to show. */
final class ScriptedDialogs implements DialogService {
    final List<String> errors = new ArrayList<>();
    Path nextFile;

    @Override
    public void showError(String title, String message) {
        errors.add(title + ": " + message);
    }

    @Override
    public void showInformation(String title, String message) {
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, Path initialDirectory, FileType type) {
        return Optional.ofNullable(nextFile);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, Path initialDirectory, String suggestedName, FileType type) {
        return Optional.ofNullable(nextFile);
    }

    @Override
    public Optional<Path> chooseDirectory(String title, Path initialDirectory) {
        return Optional.ofNullable(nextFile);
    }
}
