package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Saves a model as a Hugging Face directory that both this engine and transformers load:
 * {@code config.json} ({@code LlamaForCausalLM}), {@code model.safetensors} with the fused
 * projections split back into q/k/v and gate/up, and {@code generation_config.json}.
 * The tokenizer files are copied from wherever the caller keeps them.
 */
public final class CheckpointWriter {
    /** How config.json spells the RoPE base: top-level rope_theta, or the newer rope_parameters. */
    public enum RopeForm { LEGACY, PARAMETERS }

    private CheckpointWriter() {
    }

    public static void write(Path dir, LlamaConfig c, LlamaParameters p, String dtype, RopeForm ropeForm,
                             Path tokenizerDir) throws IOException {
        write(dir, c, p, dtype, dtype, ropeForm, tokenizerDir);
    }

    /**
     * @param dtype       how the weights are stored: F32, F16 or BF16
     * @param configDtype the torch_dtype config.json announces; storing F16 but announcing F32
     *                    makes transformers compute in float32, exactly as this engine does on a CPU
     */
    public static void write(Path dir, LlamaConfig c, LlamaParameters p, String dtype, String configDtype,
                             RopeForm ropeForm, Path tokenizerDir) throws IOException {
        if (c.architecture() != Architecture.LLAMA) {
            // Writing a Qwen2 model as a Llama would drop its q/k/v biases without a word.
            throw new dev.jacobilens.engine.EngineException("only Llama checkpoints can be written; this model is a "
                    + c.architecture().className());
        }
        Files.createDirectories(dir);
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        SafetensorsWriter st = new SafetensorsWriter();
        st.add("model.embed_tokens.weight", floats(p.embed), c.vocabSize(), h);
        for (int i = 0; i < c.numLayers(); i++) {
            LlamaParameters.Layer l = p.layers.get(i);
            String n = "model.layers." + i + ".";
            float[] qkv = floats(l.qkv);
            float[] gateUp = floats(l.gateUp);
            st.add(n + "input_layernorm.weight", floats(l.inputNorm), h);
            st.add(n + "self_attn.q_proj.weight", Arrays.copyOfRange(qkv, 0, (int) (q * h)), q, h);
            st.add(n + "self_attn.k_proj.weight", Arrays.copyOfRange(qkv, (int) (q * h), (int) ((q + kv) * h)), kv, h);
            st.add(n + "self_attn.v_proj.weight", Arrays.copyOfRange(qkv, (int) ((q + kv) * h), qkv.length), kv, h);
            st.add(n + "self_attn.o_proj.weight", floats(l.output), h, q);
            st.add(n + "post_attention_layernorm.weight", floats(l.postNorm), h);
            st.add(n + "mlp.gate_proj.weight", Arrays.copyOfRange(gateUp, 0, (int) (inter * h)), inter, h);
            st.add(n + "mlp.up_proj.weight", Arrays.copyOfRange(gateUp, (int) (inter * h), gateUp.length), inter, h);
            st.add(n + "mlp.down_proj.weight", floats(l.down), h, inter);
        }
        st.add("model.norm.weight", floats(p.finalNorm), h);
        if (!p.tied()) {
            st.add("lm_head.weight", floats(p.lmHead()), c.vocabSize(), h);
        }
        st.write(dir.resolve("model.safetensors"), dtype);
        writeJson(dir.resolve("config.json"), config(c, configDtype, ropeForm));
        writeJson(dir.resolve("generation_config.json"), generationConfig(c));
        if (tokenizerDir != null && !tokenizerDir.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            for (String f : new String[] {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
                if (Files.isRegularFile(tokenizerDir.resolve(f))) {
                    Files.copy(tokenizerDir.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The torch_dtype name of a dtype given either as safetensors spells it (F32, F16, BF16) or as
     * torch does (float32, float16, bfloat16). Anything else is refused rather than guessed: a
     * wrong torch_dtype makes transformers compute in another precision than announced.
     */
    static String torchDtype(String dtype) {
        return switch (dtype) {
            case "F32", "float32" -> "float32";
            case "F16", "float16" -> "float16";
            case "BF16", "bfloat16" -> "bfloat16";
            default -> throw new IllegalArgumentException("unknown dtype '" + dtype
                    + "': expected F32, F16, BF16, float32, float16 or bfloat16");
        };
    }

    static ObjectNode config(LlamaConfig c, String dtype, RopeForm ropeForm) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putArray("architectures").add("LlamaForCausalLM");
        o.put("model_type", "llama");
        o.put("attention_bias", false);
        o.put("attention_dropout", 0.0);
        o.put("bos_token_id", c.bosTokenId());
        if (c.eosTokenIds().size() == 1) {
            o.put("eos_token_id", c.eosTokenIds().get(0));
        } else {
            var eos = o.putArray("eos_token_id");
            c.eosTokenIds().forEach(eos::add);
        }
        if (c.padTokenId() != null) {
            o.put("pad_token_id", c.padTokenId());
        }
        o.put("head_dim", c.headDim());
        o.put("hidden_act", "silu");
        o.put("hidden_size", c.hiddenSize());
        o.put("initializer_range", 0.02);
        o.put("intermediate_size", c.intermediateSize());
        o.put("max_position_embeddings", c.maxPositionEmbeddings());
        o.put("mlp_bias", false);
        o.put("num_attention_heads", c.numHeads());
        o.put("num_hidden_layers", c.numLayers());
        o.put("num_key_value_heads", c.numKvHeads());
        o.put("pretraining_tp", 1);
        o.put("rms_norm_eps", c.rmsNormEps());
        if (ropeForm == RopeForm.PARAMETERS) {
            o.putObject("rope_parameters").put("rope_theta", c.rope().theta()).put("rope_type", "default");
        } else {
            o.put("rope_theta", c.rope().theta());
            o.putNull("rope_scaling");
        }
        o.put("tie_word_embeddings", c.tieWordEmbeddings());
        o.put("torch_dtype", torchDtype(dtype));
        o.put("use_cache", true);
        o.put("vocab_size", c.vocabSize());
        return o;
    }

    private static ObjectNode generationConfig(LlamaConfig c) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("bos_token_id", c.bosTokenId());
        o.put("eos_token_id", c.eosTokenIds().get(0));
        if (c.padTokenId() != null) {
            o.put("pad_token_id", c.padTokenId());
        }
        o.put("do_sample", false);
        return o;
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), node);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static float[] floats(NDArray a) {
        return (a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false)).toFloatArray();
    }
}
