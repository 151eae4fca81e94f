package dev.jacobilens.app.cli;

import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model pairs that ship in {@code assets/}: where each pair's standard and consistency
 * models, benchmark prompts and sample prompts live (relative to the home directory), and the
 * decoding settings its benchmark uses. {@code bench --pair NAME} and the app's pair selector
 * read them from here.
 *
 * @param name              the pair's name on the command line ({@code --pair})
 * @param label             the pair's name in the app
 * @param standard          the standard (base) model directory
 * @param consistency       the consistency model distilled from it
 * @param forcing           the Jacobi Forcing model distilled from the consistency model (issue 20), a
 *                          third choice for a lane beside the two; it may be absent
 * @param benchPrompts      the held-out prompts {@code bench} runs on
 * @param samplePrompts     prompt files offered in the app, any format {@link PromptFiles} reads
 * @param maxNewTokens      new tokens per prompt in the benchmark: room for the longest maths answer;
 *                          for stories the length they were distilled on
 * @param blockSize         Jacobi block size of the benchmark (the one the pair was distilled for)
 */
public record ModelPair(String name, String label, String standard, String consistency, String forcing,
                        String benchPrompts,
                        List<String> samplePrompts, int maxNewTokens, int blockSize) {
    /** Our 3M-parameter model on synthetic GSM8K-style problems, and its CLLM. */
    public static final ModelPair MATHS = new ModelPair("maths", "Maths", "assets/models/standard",
            "assets/models/consistency", "assets/models/jacobi-forcing", "assets/corpus/test.jsonl",
            List.of("samples/prompts/maths-pair.jsonl", "samples/prompts/beyond-maths-pair.jsonl"), 256, 16);
    /** Karpathy's stories260K (TinyStories, llama2.c) and its CLLM: free text from story openings. */
    public static final ModelPair STORIES = new ModelPair("stories", "Stories", "assets/models/stories/standard",
            "assets/models/stories/consistency", "assets/models/stories/jacobi-forcing", "assets/stories/test.txt",
            List.of("samples/prompts/stories/openings.txt"), 128, 16);
    public static final List<ModelPair> ALL = List.of(MATHS, STORIES);

    public static ModelPair named(String name) {
        for (ModelPair p : ALL) {
            if (p.name().equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("no model pair named '" + name + "' (maths or stories)");
    }

    public Path standardDir(Path home) {
        return home.resolve(standard);
    }

    public Path consistencyDir(Path home) {
        return home.resolve(consistency);
    }

    public Path forcingDir(Path home) {
        return home.resolve(forcing);
    }

    public Path benchPromptsFile(Path home) {
        return home.resolve(benchPrompts);
    }

    /** The pair's sample prompts, in file order; a missing or unreadable file is an error. */
    public List<Prompt> samplePrompts(Path home) throws IOException {
        List<Prompt> out = new ArrayList<>();
        for (String file : samplePrompts) {
            out.addAll(PromptFiles.read(home.resolve(file)));
        }
        return out;
    }
}
