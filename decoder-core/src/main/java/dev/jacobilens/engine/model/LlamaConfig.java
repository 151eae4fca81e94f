package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.InputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Hugging Face {@code config.json} that the forward pass needs, for a
 * {@code LlamaForCausalLM} or a model that differs from it only in config ({@link Architecture}:
 * Qwen2's q/k/v biases, Mistral's sliding window). Anything the engine does not implement is
 * refused here, at load time, with a message that names the file and the setting, rather than
 * producing wrong tokens later.
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
        Integer padTokenId,
        Architecture architecture) {

    /** Positions beyond this would make the rotary tables alone take gigabytes. */
    public static final int MAX_POSITIONS = 1 << 20;

    /** A Llama config (what training and the tests build). */
    public LlamaConfig(int vocabSize, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
                       int numKvHeads, int headDim, double rmsNormEps, RopeConfig rope, int maxPositionEmbeddings,
                       boolean tieWordEmbeddings, int bosTokenId, List<Integer> eosTokenIds, Integer padTokenId) {
        this(vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim, rmsNormEps, rope,
                maxPositionEmbeddings, tieWordEmbeddings, bosTokenId, eosTokenIds, padTokenId, Architecture.LLAMA);
    }

    public LlamaConfig {
        java.util.Objects.requireNonNull(architecture, "architecture");
        eosTokenIds = List.copyOf(eosTokenIds);
        require(!eosTokenIds.isEmpty(), "eos_token_id must name at least one id");
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
        m.put("architecture", architecture.className());
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
        String problem = InputFiles.problem(file);
        if (problem != null) {
            throw new EngineException(file + ": " + (problem.equals("no such file") ? "config.json is missing" : problem));
        }
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
        Architecture architecture = Architecture.of(root);
        // Quantised weights (GPTQ, AWQ, bitsandbytes) are integers this engine cannot compute with.
        require(ConfigFields.absent(root, "quantization_config"), "quantization_config is set ("
                + root.path("quantization_config").path("quant_method").asText("unknown method")
                + "): quantised checkpoints cannot be computed here; use the float16 or bfloat16 original");
        String act = ConfigFields.text(root, "hidden_act", "silu");
        require(act.equals("silu"), "hidden_act '" + act + "' is not supported (only silu)");
        // Qwen2's q/k/v biases are part of its architecture; a Llama asking for biases is not supported.
        require(architecture == Architecture.QWEN2 || !ConfigFields.bool(root, "attention_bias", false),
                "attention_bias=true is not supported");
        require(!ConfigFields.bool(root, "mlp_bias", false), "mlp_bias=true is not supported");
        double eps = ConfigFields.real(root, "rms_norm_eps", 1e-6);
        require(eps > 0 && eps < 1, "rms_norm_eps must be a small positive number, got " + eps);
        int maxPositions = root.has("max_position_embeddings") ? positive(root, "max_position_embeddings") : 2048;
        maxPositions = SlidingWindow.limitPositions(root, architecture, maxPositions);
        // The rotary tables hold every position: refuse before allocating, not after gigabytes.
        require(maxPositions <= MAX_POSITIONS, "max_position_embeddings " + maxPositions + " is beyond what this"
                + " engine supports (" + MAX_POSITIONS + "); lower it in config.json");
        int vocab = positive(root, "vocab_size");
        List<Integer> eos = ids(root.path("eos_token_id"), 2);
        for (int id : eos) {
            require(id >= 0 && id < vocab, "eos_token_id " + id + " is outside the vocabulary (vocab_size " + vocab + ")");
        }
        int bos = root.path("bos_token_id").isArray() ? firstOrDefault(root.path("bos_token_id"), 1)
                : ConfigFields.integer(root, "bos_token_id", 1);
        Integer pad = ConfigFields.absent(root, "pad_token_id") ? null : ConfigFields.integer(root, "pad_token_id", 0);
        require(pad == null || (pad >= 0 && pad < vocab), "pad_token_id " + pad + " is outside the vocabulary"
                + " (vocab_size " + vocab + ")");

        int hidden = positive(root, "hidden_size");
        int heads = positive(root, "num_attention_heads");
        int kvHeads = root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull()
                ? positive(root, "num_key_value_heads") : heads;
        int headDim = root.has("head_dim") && !root.get("head_dim").isNull()
                ? positive(root, "head_dim") : hidden / heads;
        return new LlamaConfig(
                vocab,
                hidden,
                positive(root, "intermediate_size"),
                positive(root, "num_hidden_layers"),
                heads,
                kvHeads,
                headDim,
                eps,
                RopeConfig.parse(root),
                maxPositions,
                ConfigFields.bool(root, "tie_word_embeddings", false),
                bos,
                eos,
                pad,
                architecture);
    }

    private static int firstOrDefault(JsonNode node, int fallback) {
        return node.isArray() && node.size() > 0 ? node.get(0).asInt() : fallback;
    }

    private static List<Integer> ids(JsonNode node, int fallback) {
        List<Integer> out = new ArrayList<>();
        if (node.isInt()) {
            out.add(node.asInt());
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                throw new EngineException("eos_token_id is an empty list; give at least one end-of-sequence id");
            }
            for (JsonNode n : node) {
                if (!n.isInt()) {
                    throw new EngineException("eos_token_id must hold integers, got " + n);
                }
                out.add(n.asInt());
            }
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
