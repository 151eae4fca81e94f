package dev.jacobilens.engine;

import dev.jacobilens.engine.model.LlamaConfig;

import java.nio.file.Path;

/**
 * The model's vocabulary against its tokenizer's. A tokenizer with more ids than the model's
 * embedding rows would make PyTorch fail mid-decode with "index out of range in self", so it is
 * refused. A larger model vocabulary (padded for speed, as many checkpoints are) works, but ids
 * the tokenizer does not know have no text: that is said once, at load time.
 */
final class VocabularyCheck {
    private VocabularyCheck() {
    }

    static void require(Path dir, LlamaConfig config, TextTokenizer tokenizer) {
        int tokenizerIds = tokenizer.idBound();
        if (tokenizerIds > config.vocabSize()) {
            throw new EngineException(dir.resolve("tokenizer.json") + ": the tokenizer has ids up to "
                    + (tokenizerIds - 1) + " but config.json's vocab_size is " + config.vocabSize()
                    + "; the tokenizer does not belong to this model");
        }
        if (tokenizerIds < config.vocabSize()) {
            System.err.println("note: " + dir + ": the model's vocabulary (" + config.vocabSize() + ") is larger than"
                    + " its tokenizer's (" + tokenizerIds + "); generated ids from " + tokenizerIds
                    + " up have no text and are left out of the decoded text");
        }
    }
}
