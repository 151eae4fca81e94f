package dev.jacobilens.engine;

import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.store.InputFiles;
import dev.jacobilens.train.RunSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks on model folders that commands run before any model is loaded or anything measured,
 * so that a mismatch is refused at once instead of after minutes of decoding (or never: two
 * models with different tokenizers decode to ids that mean different texts, and a perplexity
 * of one model's output under the other's vocabulary comes out as 5e11).
 */
public final class ModelChecks {
    private ModelChecks() {
    }

    /** A folder with a readable config.json and tokenizer.json, named by its option. */
    public static void requireModelFolder(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new EngineException(option + " " + dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder")
                    + " (a model folder holds config.json, tokenizer.json and the weights)");
        }
        for (String name : new String[] {"config.json", "tokenizer.json"}) {
            String problem = InputFiles.problem(dir.resolve(name));
            if (problem != null) {
                throw new EngineException(option + " " + dir + ": not a model folder (" + name + ": " + problem + ")");
            }
        }
    }

    /**
     * Refuses two models whose tokenizer.json differ: their token ids would not mean the same
     * text, so comparing, verifying or distilling across them gives wrong numbers.
     */
    public static void requireSameTokenizer(String option, Path dir, String otherOption, Path other) {
        if (dir.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize())) {
            return;
        }
        try {
            String a = RunSettings.sha256(dir.resolve("tokenizer.json"));
            String b = RunSettings.sha256(other.resolve("tokenizer.json"));
            if (!a.equals(b)) {
                throw new EngineException(option + " " + dir + ": its tokenizer.json differs from " + otherOption + " "
                        + other + "'s; the models must share one tokenizer (the same ids must mean the same text)");
            }
        } catch (IOException e) {
            throw new EngineException(option + " " + dir + ": cannot read tokenizer.json (" + e.getMessage() + ")", e);
        }
    }

    /** The model's context length (max_position_embeddings), from its config.json. */
    public static int maxPositions(Path dir) {
        return LlamaConfig.read(dir.resolve("config.json")).maxPositionEmbeddings();
    }

    /** Refuses a count of positions (a block size, draft tokens) that cannot fit the model's context. */
    public static void requireFitsContext(String option, int value, String modelOption, Path dir) {
        int max = maxPositions(dir);
        if (value > max) {
            throw new EngineException(option + " " + value + " does not fit " + modelOption + " " + dir + ": its context"
                    + " is " + max + " positions (max_position_embeddings)");
        }
    }

    /**
     * Refuses, before any decode, a prompt that is empty after tokenizing or leaves the model no
     * room to generate: the decode would fail on it only when its turn came, naming neither the
     * file nor the prompt.
     */
    public static void requirePromptsFit(Path promptFile, List<String> prompts, String modelOption, Path dir) {
        int max = maxPositions(dir);
        try (TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            for (int i = 0; i < prompts.size(); i++) {
                int n = tokenizer.encode(prompts.get(i)).length;
                if (n == 0 || n >= max) {
                    throw new EngineException(promptFile + ": prompt " + (i + 1) + " (" + shorten(prompts.get(i)) + ")"
                            + (n == 0 ? " has no tokens" : " has " + n + " tokens but " + modelOption + " " + dir
                            + " takes at most " + max + " positions (max_position_embeddings), leaving no room to"
                            + " generate"));
                }
            }
        }
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 40 ? "\"" + one + "\"" : "\"" + one.substring(0, 40) + "…\"";
    }
}
