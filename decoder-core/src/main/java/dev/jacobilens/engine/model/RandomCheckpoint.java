package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.EngineException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a checkpoint of a real model's shape with random weights, for measuring loading and
 * forward passes at scale without downloading anything: {@code config.json}, sharded
 * {@code model-0000i-of-0000k.safetensors} with {@code model.safetensors.index.json}, and a
 * word-level {@code tokenizer.json} with one entry per vocabulary id ("t123"). Tensors are
 * generated and written a slice at a time, so a 2 GB checkpoint never sits in memory.
 */
public final class RandomCheckpoint {
    /** Shapes of published models (their config.json values). */
    public enum Preset {
        TINYLLAMA_1_1B("tinyllama-1.1b", Architecture.LLAMA, 32000, 2048, 5632, 22, 32, 4, 2048, 10000, 1e-5, false),
        QWEN2_5_0_5B("qwen2.5-0.5b", Architecture.QWEN2, 151936, 896, 4864, 24, 14, 2, 32768, 1e6, 1e-6, true),
        QWEN2_5_7B("qwen2.5-7b", Architecture.QWEN2, 152064, 3584, 18944, 28, 28, 4, 32768, 1e6, 1e-6, false);

        final String label;
        final Architecture architecture;
        final int vocab, hidden, intermediate, layers, heads, kvHeads, maxPositions;
        final double theta, eps;
        final boolean tied;

        Preset(String label, Architecture architecture, int vocab, int hidden, int intermediate, int layers, int heads,
               int kvHeads, int maxPositions, double theta, double eps, boolean tied) {
            this.label = label;
            this.architecture = architecture;
            this.vocab = vocab;
            this.hidden = hidden;
            this.intermediate = intermediate;
            this.layers = layers;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.maxPositions = maxPositions;
            this.theta = theta;
            this.eps = eps;
            this.tied = tied;
        }

        public String label() {
            return label;
        }

        public static Preset named(String label) {
            for (Preset p : values()) {
                if (p.label.equals(label)) {
                    return p;
                }
            }
            List<String> names = new ArrayList<>();
            for (Preset p : values()) {
                names.add(p.label);
            }
            throw new EngineException("unknown preset '" + label + "' (use " + String.join(", ", names) + ")");
        }
    }

    /** Weights are uniform in [-a, a] with a = 0.02·√3: the standard deviation transformers initialises with. */
    private static final float AMPLITUDE = (float) (0.02 * Math.sqrt(3));
    private static final int SLICE_VALUES = 4 << 20;

    private record Tensor(String name, long[] shape, boolean ones) {
        long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private RandomCheckpoint() {
    }

    /** @return the bytes of weights written */
    public static long write(Path out, Preset p, String dtype, long shardBytes, long seed) throws IOException {
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new EngineException("--dtype must be F32, F16 or BF16, got '" + dtype + "'");
        };
        if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
            throw new EngineException(out + ": exists and is not an empty directory; choose a new --out");
        }
        Files.createDirectories(out);
        List<List<Tensor>> shards = shards(tensors(p), width, shardBytes);
        ObjectNode weightMap = new ObjectMapper().createObjectNode();
        long total = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < shards.size(); s++) {
            String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", s + 1, shards.size());
            total += writeShard(out.resolve(file), shards.get(s), dtype, width, rng);
            shards.get(s).forEach(t -> weightMap.put(t.name(), file));
        }
        ObjectNode index = new ObjectMapper().createObjectNode();
        index.putObject("metadata").put("total_size", total);
        index.set("weight_map", weightMap);
        json(out.resolve(Checkpoint.INDEX), index);
        json(out.resolve("config.json"), config(p, dtype));
        Files.writeString(out.resolve("tokenizer.json"), tokenizer(p.vocab), StandardCharsets.UTF_8);
        return total;
    }

    private static List<Tensor> tensors(Preset p) {
        long h = p.hidden;
        long hd = p.hidden / p.heads;
        long q = p.heads * hd;
        long kv = p.kvHeads * hd;
        List<Tensor> out = new ArrayList<>();
        out.add(new Tensor("model.embed_tokens.weight", new long[] {p.vocab, h}, false));
        for (int l = 0; l < p.layers; l++) {
            String n = "model.layers." + l + ".";
            out.add(new Tensor(n + "input_layernorm.weight", new long[] {h}, true));
            out.add(new Tensor(n + "self_attn.q_proj.weight", new long[] {q, h}, false));
            out.add(new Tensor(n + "self_attn.k_proj.weight", new long[] {kv, h}, false));
            out.add(new Tensor(n + "self_attn.v_proj.weight", new long[] {kv, h}, false));
            if (p.architecture.qkvBias()) {
                out.add(new Tensor(n + "self_attn.q_proj.bias", new long[] {q}, false));
                out.add(new Tensor(n + "self_attn.k_proj.bias", new long[] {kv}, false));
                out.add(new Tensor(n + "self_attn.v_proj.bias", new long[] {kv}, false));
            }
            out.add(new Tensor(n + "self_attn.o_proj.weight", new long[] {h, q}, false));
            out.add(new Tensor(n + "post_attention_layernorm.weight", new long[] {h}, true));
            out.add(new Tensor(n + "mlp.gate_proj.weight", new long[] {p.intermediate, h}, false));
            out.add(new Tensor(n + "mlp.up_proj.weight", new long[] {p.intermediate, h}, false));
            out.add(new Tensor(n + "mlp.down_proj.weight", new long[] {h, p.intermediate}, false));
        }
        out.add(new Tensor("model.norm.weight", new long[] {h}, true));
        if (!p.tied) {
            out.add(new Tensor("lm_head.weight", new long[] {p.vocab, h}, false));
        }
        return out;
    }

    private static List<List<Tensor>> shards(List<Tensor> tensors, int width, long shardBytes) {
        List<List<Tensor>> out = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long bytes = 0;
        for (Tensor t : tensors) {
            long size = t.count() * width;
            if (!current.isEmpty() && bytes + size > shardBytes) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        out.add(current);
        return out;
    }

    private static long writeShard(Path file, List<Tensor> tensors, String dtype, int width, SplittableRandom rng)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Tensor t : tensors) {
            long size = t.count() * width;
            header.put(t.name(), Map.of("dtype", dtype, "shape", t.shape(), "data_offsets", new long[] {offset, offset + size}));
            offset += size;
        }
        header.put("__metadata__", Map.of("format", "pt"));
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        ByteBuffer slice = ByteBuffer.allocateDirect(SLICE_VALUES * width).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeAll(ch, head.flip());
            for (Tensor t : tensors) {
                for (long done = 0; done < t.count(); done += SLICE_VALUES) {
                    int n = (int) Math.min(SLICE_VALUES, t.count() - done);
                    slice.clear();
                    for (int i = 0; i < n; i++) {
                        float v = t.ones() ? 1f : (float) ((rng.nextDouble() * 2 - 1) * AMPLITUDE);
                        switch (dtype) {
                            case "F32" -> slice.putFloat(v);
                            case "F16" -> slice.putShort(HalfFloat.fromFloat(v));
                            default -> slice.putShort(HalfFloat.bf16FromFloat(v));
                        }
                    }
                    writeAll(ch, slice.flip());
                }
            }
        } finally {
            MappedBuffers.free(slice);
        }
        return offset;
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static ObjectNode config(Preset p, String dtype) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putArray("architectures").add(p.architecture.className());
        o.put("model_type", p.architecture.modelType());
        o.put("attention_dropout", 0.0);
        o.put("bos_token_id", 1);
        o.put("eos_token_id", 2);
        o.put("hidden_act", "silu");
        o.put("hidden_size", p.hidden);
        o.put("initializer_range", 0.02);
        o.put("intermediate_size", p.intermediate);
        o.put("max_position_embeddings", p.maxPositions);
        o.put("num_attention_heads", p.heads);
        o.put("num_hidden_layers", p.layers);
        o.put("num_key_value_heads", p.kvHeads);
        o.put("rms_norm_eps", p.eps);
        o.put("rope_theta", p.theta);
        o.putNull("rope_scaling");
        if (p.architecture == Architecture.QWEN2) {
            o.put("max_window_layers", p.layers);
            o.put("use_sliding_window", false);
            o.putNull("sliding_window");
        }
        o.put("tie_word_embeddings", p.tied);
        o.put("torch_dtype", switch (dtype) {
            case "F32" -> "float32";
            case "F16" -> "float16";
            default -> "bfloat16";
        });
        o.put("use_cache", true);
        o.put("vocab_size", p.vocab);
        return o;
    }

    /** Word-level, one word per id: "<unk>", "<s>", "</s>", then "t3", "t4", ... */
    private static String tokenizer(int vocab) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {"<unk>", "<s>", "</s>"};
        for (int i = 0; i < specials.length; i++) {
            added.addObject().put("id", i).put("content", specials[i]).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode words = model.putObject("vocab");
        for (int i = 0; i < vocab; i++) {
            words.put(i < specials.length ? specials[i] : "t" + i, i);
        }
        model.put("unk_token", "<unk>");
        return m.writeValueAsString(root);
    }

    private static void json(Path file, ObjectNode node) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), node);
    }
}
