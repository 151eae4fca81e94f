package dev.jacobilens.tokenizer;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Vocabulary} as {@code tokenizer.json} in the Hugging Face tokenizers schema
 * (fields as version 0.21 serialises them) plus a transformers {@code tokenizer_config.json}.
 *
 * <p>Design: a WordLevel model; pre-tokenizers Metaspace ({@code ▁}, prepend always, split), Split
 * on newline (isolated), Digits (individual) and Punctuation (isolated); a Metaspace decoder. So
 * "Tom has 72." becomes {@code ▁Tom ▁has ▁ 7 2 .} and decodes back exactly: the decoder turns each
 * {@code ▁} into a space and drops the one it prepended. Newlines are split out before they can
 * glue onto words, which would otherwise double the vocabulary with "\nWord" entries.
 *
 * <p>The post-processor prepends {@code <s>} when special tokens are added (Llama convention:
 * BOS, no EOS; a trainer appends {@code </s>} itself after the answer). Specials are added tokens
 * with {@code special: true}, so decoding with skip-special-tokens drops them.
 */
public final class TokenizerFiles {
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String CONFIG_FILE = "tokenizer_config.json";
    /** What the tokenizer advertises; the model's own context length is set by its config. */
    public static final int DEFAULT_MODEL_MAX_LENGTH = 512;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TokenizerFiles() {}

    public static void write(Vocabulary vocabulary, Path dir) throws IOException {
        write(vocabulary, dir, DEFAULT_MODEL_MAX_LENGTH);
    }

    public static void write(Vocabulary vocabulary, Path dir, int modelMaxLength) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(TOKENIZER_FILE), pretty(tokenizerJson(vocabulary)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CONFIG_FILE), pretty(configJson(modelMaxLength)), StandardCharsets.UTF_8);
    }

    static ObjectNode tokenizerJson(Vocabulary vocabulary) {
        ObjectNode root = NODES.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : SpecialTokens.ALL) {
            ObjectNode token = addedToken(special);
            added.add(NODES.objectNode().put("id", vocabulary.ids().get(special)).setAll(token));
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", sequence(List.of(
                metaspace(),
                NODES.objectNode().put("type", "Split").<ObjectNode>set("pattern",
                        NODES.objectNode().put("String", "\n"))
                        .put("behavior", "Isolated").put("invert", false),
                NODES.objectNode().put("type", "Digits").put("individual_digits", true),
                NODES.objectNode().put("type", "Punctuation").put("behavior", "Isolated"))));
        root.set("post_processor", bosTemplate());
        root.set("decoder", metaspace());
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.tokens().get(id), id);
        }
        model.put("unk_token", SpecialTokens.UNK);
        return root;
    }

    static ObjectNode configJson(int modelMaxLength) {
        ObjectNode config = NODES.objectNode();
        config.put("add_bos_token", true);
        config.put("add_eos_token", false);
        ObjectNode decoder = config.putObject("added_tokens_decoder");
        for (int id = 0; id < SpecialTokens.ALL.size(); id++) {
            decoder.set(String.valueOf(id), addedToken(SpecialTokens.ALL.get(id)));
        }
        config.put("bos_token", SpecialTokens.BOS);
        // Cleanup would delete the spaces before punctuation that our decoder restores exactly.
        config.put("clean_up_tokenization_spaces", false);
        config.put("eos_token", SpecialTokens.EOS);
        config.put("model_max_length", modelMaxLength);
        config.put("pad_token", SpecialTokens.PAD);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("unk_token", SpecialTokens.UNK);
        return config;
    }

    private static ObjectNode addedToken(String content) {
        return NODES.objectNode().put("content", content).put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", false)
                .put("special", true);
    }

    private static ObjectNode metaspace() {
        return NODES.objectNode().put("type", "Metaspace")
                .put("replacement", String.valueOf(PreTokenizer.META))
                .put("prepend_scheme", "always").put("split", true);
    }

    private static ObjectNode sequence(List<ObjectNode> steps) {
        ObjectNode node = NODES.objectNode().put("type", "Sequence");
        node.putArray("pretokenizers").addAll(steps);
        return node;
    }

    /** single: {@code <s> $A}; pair: {@code <s> $A <s> $B}, as Llama's fast tokenizer builds it. */
    private static ObjectNode bosTemplate() {
        ObjectNode node = NODES.objectNode().put("type", "TemplateProcessing");
        node.putArray("single").add(special(0)).add(sequence("A", 0));
        node.putArray("pair").add(special(0)).add(sequence("A", 0)).add(special(1)).add(sequence("B", 1));
        ObjectNode bos = node.putObject("special_tokens").putObject(SpecialTokens.BOS);
        bos.put("id", SpecialTokens.BOS);
        bos.putArray("ids").add(SpecialTokens.BOS_ID);
        bos.putArray("tokens").add(SpecialTokens.BOS);
        return node;
    }

    private static ObjectNode special(int typeId) {
        return NODES.objectNode().set("SpecialToken",
                NODES.objectNode().put("id", SpecialTokens.BOS).put("type_id", typeId));
    }

    private static ObjectNode sequence(String id, int typeId) {
        return NODES.objectNode().set("Sequence", NODES.objectNode().put("id", id).put("type_id", typeId));
    }

    /** Pretty-printed like serde_json (two-space indent, "key": value), ending in a newline. */
    private static String pretty(ObjectNode node) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("").withObjectEmptySeparator(""))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        ObjectWriter writer = new ObjectMapper().writer(printer);
        return writer.writeValueAsString(node) + "\n";
    }
}
