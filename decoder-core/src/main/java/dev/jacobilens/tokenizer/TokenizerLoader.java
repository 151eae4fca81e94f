package dev.jacobilens.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a tokenizer directory with DJL, set up for exact encode/decode of whole texts. */
public final class TokenizerLoader {
    private TokenizerLoader() {}

    /**
     * @param addBos whether {@code encode} prepends {@code <s>} (the post-processor's template).
     *     DJL's one-argument {@code decode(ids)} keeps special tokens when this is true, so use
     *     {@code decode(ids, true)} to get the plain text back.
     */
    public static HuggingFaceTokenizer open(Path dir, boolean addBos) throws IOException {
        Path file = dir.resolve(TokenizerFiles.TOKENIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no tokenizer file");
        }
        // DJL truncates at 512 tokens and may pad unless told otherwise; we want every token.
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(addBos)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }
}
