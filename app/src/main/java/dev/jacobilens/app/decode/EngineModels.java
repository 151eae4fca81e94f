package dev.jacobilens.app.decode;

import dev.jacobilens.engine.ModelHandle;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.template.PromptTemplate;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The app's models, loaded by the engine with the prompt template the app was started with
 * ({@code --template auto|none|FILE}; auto, the model's own chat template when it has one, by
 * default). The embedded pairs have no template, so auto leaves their prompts as typed.
 */
public final class EngineModels implements ModelLoader {
    private final String template;

    public EngineModels(String template) {
        this.template = template == null ? PromptTemplate.AUTO : template;
    }

    @Override
    public ModelHandle load(Path directory, String device, Consumer<String> progress) {
        return Models.load(directory, device, template, progress);
    }

    @Override
    public void check(Path directory) {
        Models.check(directory, template);
    }
}
