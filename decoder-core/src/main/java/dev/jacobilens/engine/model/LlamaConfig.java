package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Hugging Face {@code config.json} that a {@code LlamaForCausalLM} forward pass
 * needs. Anything the engine does not implement is refused here, at load time, with a message
 * that names the file and the setting, rather than producing wrong tokens later.
 */
public record LlamaConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        RopeConfig rope,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        int bosTokenId,
        List<Integer> eosTokenIds,
        Integer padTokenId) {

    public LlamaConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        require(numHeads % numKvHeads == 0, "num_attention_heads (" + numHeads
                + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        require(headDim % 2 == 0, "head_dim must be even for rotary embeddings, got " + headDim);
    }

    /** Query heads that share one key/value head (1 = multi-head attention). */
    public int kvGroups() {
        return numHeads / numKvHeads;
    }

    public boolean isEos(int id) {
        return eosTokenIds.contains(id);
    }

    /** A short summary for recordings and the UI. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", "LlamaForCausalLM");
        m.put("vocab_size", vocabSize);
        m.put("hidden_size", hiddenSize);
        m.put("intermediate_size", intermediateSize);
        m.put("num_hidden_layers", numLayers);
        m.put("num_attention_heads", numHeads);
        m.put("num_key_value_heads", numKvHeads);
        m.put("head_dim", headDim);
        m.put("rope_theta", rope.theta());
        m.put("rope_type", rope.type());
        m.put("max_position_embeddings", maxPositionEmbeddings);
        m.put("tie_word_embeddings", tieWordEmbeddings);
        return m;
    }

    public static LlamaConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new EngineException(file + ": config.json is missing");
        } catch (IOException e) {
            throw new EngineException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        try {
            return parse(root);
        } catch (EngineException e) {
            throw new EngineException(file + ": " + e.getMessage(), e);
        }
    }

    static LlamaConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new EngineException("expected a JSON object");
        }
        String modelType = root.path("model_type").asText("");
        boolean llamaArch = false;
        for (JsonNode a : root.path("architectures")) {
            llamaArch |= a.asText().equals("LlamaForCausalLM");
        }
        if (!modelType.equals("llama") && !llamaArch) {
            String arch = root.path("architectures").isArray() ? root.path("architectures").toString() : "none";
            throw new EngineException("unsupported architecture: model_type '" + modelType
                    + "', architectures " + arch + "; Jacobi Lens runs LlamaForCausalLM (model_type llama)");
        }
        require(root.path("hidden_act").asText("silu").equals("silu"),
                "hidden_act '" + root.path("hidden_act").asText() + "' is not supported (only silu)");
        require(!root.path("attention_bias").asBoolean(false), "attention_bias=true is not supported");
        require(!root.path("mlp_bias").asBoolean(false), "mlp_bias=true is not supported");

        int hidden = positive(root, "hidden_size");
        int heads = positive(root, "num_attention_heads");
        int kvHeads = root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull()
                ? positive(root, "num_key_value_heads") : heads;
        int headDim = root.has("head_dim") && !root.get("head_dim").isNull()
                ? positive(root, "head_dim") : hidden / heads;
        return new LlamaConfig(
                positive(root, "vocab_size"),
                hidden,
                positive(root, "intermediate_size"),
                positive(root, "num_hidden_layers"),
                heads,
                kvHeads,
                headDim,
                root.path("rms_norm_eps").asDouble(1e-6),
                RopeConfig.parse(root),
                root.has("max_position_embeddings") ? positive(root, "max_position_embeddings") : 2048,
                root.path("tie_word_embeddings").asBoolean(false),
                root.path("bos_token_id").isInt() ? root.get("bos_token_id").asInt() : firstOrDefault(root.path("bos_token_id"), 1),
                ids(root.path("eos_token_id"), 2),
                root.path("pad_token_id").isInt() ? root.get("pad_token_id").asInt() : null);
    }

    private static int firstOrDefault(JsonNode node, int fallback) {
        return node.isArray() && node.size() > 0 ? node.get(0).asInt() : fallback;
    }

    private static List<Integer> ids(JsonNode node, int fallback) {
        List<Integer> out = new ArrayList<>();
        if (node.isInt()) {
            out.add(node.asInt());
        } else if (node.isArray()) {
            node.forEach(n -> out.add(n.asInt()));
        } else if (node.isMissingNode() || node.isNull()) {
            out.add(fallback);
        } else {
            throw new EngineException("eos_token_id must be an integer or a list of integers, got " + node);
        }
        return out;
    }

    private static int positive(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new EngineException("missing required field '" + field + "'");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw new EngineException("field '" + field + "' must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new EngineException(message);
        }
    }
}
