package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The weights of a Llama model as NDArrays, in Hugging Face's [out, in] layout, with q/k/v and
 * gate/up fused row-wise (see {@link LlamaModel}). Tied models have no separate LM head.
 */
public final class LlamaParameters {
    public final NDArray embed;
    public final List<Layer> layers;
    public final NDArray finalNorm;
    private final NDArray lmHead;

    /** One decoder layer. */
    public static final class Layer {
        public final NDArray inputNorm;
        /** rows: q (heads·hd), k (kvHeads·hd), v (kvHeads·hd). */
        public final NDArray qkv;
        /** Qwen2's q, k and v biases, fused like {@link #qkv}; null for Llama and Mistral. */
        public final NDArray qkvBias;
        public final NDArray output;
        public final NDArray postNorm;
        /** rows: gate (intermediate), up (intermediate). */
        public final NDArray gateUp;
        public final NDArray down;

        public Layer(NDArray inputNorm, NDArray qkv, NDArray output, NDArray postNorm, NDArray gateUp, NDArray down) {
            this(inputNorm, qkv, null, output, postNorm, gateUp, down);
        }

        public Layer(NDArray inputNorm, NDArray qkv, NDArray qkvBias, NDArray output, NDArray postNorm,
                     NDArray gateUp, NDArray down) {
            this.inputNorm = inputNorm;
            this.qkv = qkv;
            this.qkvBias = qkvBias;
            this.output = output;
            this.postNorm = postNorm;
            this.gateUp = gateUp;
            this.down = down;
        }

        List<NDArray> all() {
            return qkvBias == null ? List.of(inputNorm, qkv, output, postNorm, gateUp, down)
                    : List.of(inputNorm, qkv, qkvBias, output, postNorm, gateUp, down);
        }
    }

    public LlamaParameters(NDArray embed, List<Layer> layers, NDArray finalNorm, NDArray lmHead) {
        this.embed = embed;
        this.layers = List.copyOf(layers);
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
    }

    /** The LM head, or the embedding matrix when the embeddings are tied. */
    public NDArray lmHead() {
        return lmHead != null ? lmHead : embed;
    }

    public boolean tied() {
        return lmHead == null;
    }

    /** Every array, each once (a tied head is the embedding). */
    public List<NDArray> all() {
        List<NDArray> out = new ArrayList<>();
        out.add(embed);
        layers.forEach(l -> out.addAll(l.all()));
        out.add(finalNorm);
        if (lmHead != null) {
            out.add(lmHead);
        }
        return out;
    }

    /**
     * Loads and shape-checks every weight of a checkpoint onto the manager's device, in
     * {@code dtype}, one tensor at a time from the files' mappings (see {@link Checkpoint#load}):
     * beside the model itself, memory holds at most one layer's unfused projections.
     */
    public static LlamaParameters load(Checkpoint ckpt, NDManager manager, DataType dtype) {
        LlamaConfig c = ckpt.config();
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        NDArray embed = ckpt.load("model.embed_tokens.weight", manager, dtype, c.vocabSize(), h);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            NDArray qkv = fused(ckpt.load(p + "self_attn.q_proj.weight", manager, dtype, q, h),
                    ckpt.load(p + "self_attn.k_proj.weight", manager, dtype, kv, h),
                    ckpt.load(p + "self_attn.v_proj.weight", manager, dtype, kv, h));
            NDArray qkvBias = !c.architecture().qkvBias() ? null
                    : fused(ckpt.load(p + "self_attn.q_proj.bias", manager, dtype, q),
                    ckpt.load(p + "self_attn.k_proj.bias", manager, dtype, kv),
                    ckpt.load(p + "self_attn.v_proj.bias", manager, dtype, kv));
            NDArray gateUp = fused(ckpt.load(p + "mlp.gate_proj.weight", manager, dtype, inter, h),
                    ckpt.load(p + "mlp.up_proj.weight", manager, dtype, inter, h));
            layers.add(new Layer(
                    ckpt.load(p + "input_layernorm.weight", manager, dtype, h),
                    qkv,
                    qkvBias,
                    ckpt.load(p + "self_attn.o_proj.weight", manager, dtype, h, q),
                    ckpt.load(p + "post_attention_layernorm.weight", manager, dtype, h),
                    gateUp,
                    ckpt.load(p + "mlp.down_proj.weight", manager, dtype, h, inter)));
        }
        NDArray norm = ckpt.load("model.norm.weight", manager, dtype, h);
        NDArray head = null;
        if (!c.tieWordEmbeddings() || ckpt.has("lm_head.weight")) {
            head = ckpt.load("lm_head.weight", manager, dtype, c.vocabSize(), h);
        }
        ckpt.requireAllRead();
        for (String warning : ckpt.nonFiniteWeights()) {
            // Not fatal (a model may be inspected for exactly this), but never silent: such a
            // model decodes to nothing useful.
            System.err.println("warning: " + warning + "; the model's outputs will not be meaningful");
        }
        return new LlamaParameters(embed, layers, norm, head);
    }

    /** Row-wise concatenation into one new array; the parts are freed at once. */
    private static NDArray fused(NDArray... parts) {
        NDArray out = NDArrays.concat(new NDList(parts), 0);
        for (NDArray p : parts) {
            p.close();
        }
        return out;
    }

    /** Bytes the weights take in the engine (a tied head counted once). */
    public long bytes() {
        long total = 0;
        for (NDArray a : all()) {
            total += a.size() * a.getDataType().getNumOfBytes();
        }
        return total;
    }

    /**
     * Fresh weights as transformers initialises a Llama: normal(0, initializerRange) for
     * embeddings and projections, ones for the norms.
     */
    public static LlamaParameters initialise(LlamaConfig c, NDManager manager, long seed, double initializerRange) {
        Random rng = new Random(seed);
        int h = c.hiddenSize();
        int q = c.numHeads() * c.headDim();
        int kv = c.numKvHeads() * c.headDim();
        int inter = c.intermediateSize();
        DataType f32 = DataType.FLOAT32;
        NDArray embed = tensor(manager, f32, normal(rng, (long) c.vocabSize() * h, initializerRange), c.vocabSize(), h);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            layers.add(new Layer(
                    manager.ones(new Shape(h)),
                    tensor(manager, f32, normal(rng, (long) (q + 2 * kv) * h, initializerRange), q + 2 * kv, h),
                    tensor(manager, f32, normal(rng, (long) h * q, initializerRange), h, q),
                    manager.ones(new Shape(h)),
                    tensor(manager, f32, normal(rng, 2L * inter * h, initializerRange), 2L * inter, h),
                    tensor(manager, f32, normal(rng, (long) h * inter, initializerRange), h, inter)));
        }
        NDArray head = c.tieWordEmbeddings() ? null
                : tensor(manager, f32, normal(rng, (long) c.vocabSize() * h, initializerRange), c.vocabSize(), h);
        return new LlamaParameters(embed, layers, manager.ones(new Shape(h)), head);
    }

    private static float[] normal(Random rng, long n, double std) {
        float[] out = new float[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (rng.nextGaussian() * std);
        }
        return out;
    }

    private static NDArray tensor(NDManager manager, DataType dtype, float[] values, long... shape) {
        NDArray a = manager.create(values, new Shape(shape));
        if (dtype == DataType.FLOAT32) {
            return a;
        }
        NDArray converted = a.toType(dtype, false);
        a.close(); // keep only the converted copy on the device
        return converted;
    }
}
