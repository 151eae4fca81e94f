package dev.jacobilens.engine;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.store.InputFiles;
import dev.jacobilens.store.TokenDisplay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A model's {@code tokenizer.json} through DJL's Hugging Face tokenizer, with truncation and
 * padding off (DJL would otherwise cut every prompt at 512 tokens), plus the raw piece of every
 * id so the app can draw a token on its own.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final Map<Integer, String> pieces;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Map<Integer, String> pieces) {
        this.tokenizer = tokenizer;
        this.pieces = pieces;
    }

    public static TextTokenizer load(Path file) {
        String problem = InputFiles.problem(file);
        if (problem != null) {
            throw new EngineException(file + ": " + (problem.equals("no such file") ? "tokenizer.json is missing" : problem));
        }
        Map<Integer, String> pieces = readPieces(file);
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new TextTokenizer(tok, pieces);
        } catch (IOException | RuntimeException e) {
            throw new EngineException(file + ": the tokenizer cannot be loaded (" + e.getMessage() + ")", e);
        }
    }

    private static Map<Integer, String> readPieces(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException(file + ": tokenizer.json is not valid JSON (" + e.getMessage() + ")", e);
        }
        Map<Integer, String> out = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        // byte-level BPE (GPT-2, Llama 3) spells bytes with stand-in characters: shown as what they spell
        boolean byteLevel = root.path("decoder").toString().contains("\"ByteLevel\"")
                || root.path("pre_tokenizer").toString().contains("\"ByteLevel\"");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getValue().asInt(), byteLevel ? TokenDisplay.fromByteLevel(e.getKey()) : e.getKey());
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...]
            for (int i = 0; i < vocab.size(); i++) {
                out.put(i, vocab.get(i).path(0).asText());
            }
        } else {
            throw new EngineException(file + ": tokenizer.json has no model.vocab");
        }
        for (JsonNode added : root.path("added_tokens")) {
            out.put(added.path("id").asInt(), added.path("content").asText());
        }
        return out;
    }

    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** Encodes without special tokens: for text that continues a sequence (no BOS). */
    public int[] encodeContinuation(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    /**
     * How one token reads on screen: its vocabulary piece with SentencePiece's word-start marker
     * ("▁") shown as a space; byte-level BPE pieces as the text their bytes spell, bytes of an
     * unfinished character as {@code <0xHH>} like SentencePiece's byte fallback, so that
     * {@link TokenDisplay} assembles both kinds across tokens.
     */
    public String display(int id) {
        String piece = pieces.get(id);
        if (piece == null) {
            return "<" + id + ">";
        }
        return piece.replace('\u2581', ' ').replace('\u0120', ' ').replace("\u010a", "\n");
    }

    /** One past the largest id the tokenizer knows (added tokens included). */
    public int idBound() {
        int max = -1;
        for (int id : pieces.keySet()) {
            max = Math.max(max, id);
        }
        return max + 1;
    }

    public int vocabularySize() {
        return pieces.size();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
