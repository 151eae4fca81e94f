package dev.jacobilens.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * The Llama forward pass in DJL NDArray ops, following Hugging Face's {@code LlamaForCausalLM}
 * exactly: RMSNorm accumulated in float32, rotary embeddings with {@code rotate_half}, grouped
 * query attention, a SwiGLU MLP and an untied or tied LM head. Qwen2 and Mistral run through the
 * same code ({@link Architecture}): Qwen2's q/k/v biases are added by the fused projection.
 *
 * <p>Two deliberate layout choices keep the op count low (each DJL op costs microseconds):
 * query, key and value projections are fused into one weight (likewise gate and up), and
 * {@code rotate_half} is a multiplication by a fixed signed permutation matrix. Grouped-query
 * attention folds the query heads of each key/value head into the sequence axis instead of
 * copying keys and values per head.
 *
 * <p>The same code serves inference and training: its parameters can require gradients and
 * every op is differentiable.
 */
public final class LlamaModel implements AutoCloseable {
    private final LlamaConfig config;
    private final NDManager manager;
    private final DataType dtype;
    private final LlamaParameters params;
    private final NDArray cosTable;
    private final NDArray sinTable;
    private final NDArray rotateHalf;
    private final float attentionScale;
    /**
     * The scalars the forward pass adds, multiplies and raises by, as the 0-dim float32 arrays
     * that {@code add(Number)} and friends would create (and free) on every call: same values,
     * same type promotion, same results, three native calls fewer per scalar op.
     */
    private final NDArray epsScalar;
    private final NDArray minusHalfScalar;
    private final NDArray scaleScalar;

    public LlamaModel(LlamaConfig config, LlamaParameters params, NDManager manager, DataType dtype) {
        this.config = config;
        this.manager = manager;
        this.dtype = dtype;
        this.params = params;
        NDArray[] rope = RotaryTables.create(manager, config);
        this.cosTable = rope[0].toType(dtype, false);
        this.sinTable = rope[1].toType(dtype, false);
        this.rotateHalf = RotaryTables.rotateHalfMatrix(manager, config.headDim()).toType(dtype, false);
        this.attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));
        this.epsScalar = scalar(manager, (float) config.rmsNormEps());
        this.minusHalfScalar = scalar(manager, -0.5f);
        this.scaleScalar = scalar(manager, attentionScale);
    }

    /** A 0-dim float32 array that outlives any scope the model is built in. */
    private static NDArray scalar(NDManager manager, float value) {
        NDArray a = manager.create(value);
        NDScope.unregister(a);
        return a;
    }

    public LlamaConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    public DataType dtype() {
        return dtype;
    }

    public LlamaParameters parameters() {
        return params;
    }

    /**
     * Runs tokens through the model.
     *
     * @param ids      [batch, tokens] int64 ids, placed at positions {@code cache.length()} onwards
     *                 (or from 0 without a cache)
     * @param cache    keys and values of earlier positions, extended in place; null for none
     * @param lastOnly compute logits for the last position only (prefill)
     * @return logits [batch, tokens or 1, vocab] in the model's dtype
     */
    public NDArray forward(NDArray ids, KvCache cache, boolean lastOnly) {
        return logits(forwardHidden(ids, cache, lastOnly));
    }

    /**
     * Runs tokens that do not form one causal chain: lookahead decoding's window and candidate
     * n-grams, or any token tree, in one pass (batch 1). Token i gets rotary position
     * {@code positions[i]} and attends to every cached position and to the new tokens j with
     * {@code visible[i][j]} (itself included if set). The cache is extended by all tokens, in
     * input order; the caller keeps what it accepts ({@link KvCache#keep}).
     *
     * <p>A separate entry point, so that the plain causal {@link #forward} stays as it was.
     *
     * @return logits [1, tokens, vocab] in the model's dtype
     */
    public NDArray forwardTree(NDArray ids, KvCache cache, int[] positions, boolean[][] visible) {
        return logits(forwardTreeHidden(ids, cache, positions, visible));
    }

    /** The final-norm hidden states the LM head reads, [batch, tokens or 1, hidden]. */
    private NDArray hidden(NDArray ids, NDArray cos, NDArray sin, NDArray mask, KvCache cache, int batch, int tokens,
                           boolean lastOnly) {
        NDArray x = Ops.embedding(ids, params.embed);
        for (int l = 0; l < config.numLayers(); l++) {
            x = layer(l, x, cos, sin, mask, cache, batch, tokens);
        }
        if (lastOnly && tokens > 1) {
            x = Ops.narrow(x, 1, tokens - 1, tokens);
        }
        return rmsNorm(x, params.finalNorm);
    }

    /** The LM head applied to final-norm hidden states. */
    public NDArray logits(NDArray hidden) {
        return Ops.linear(hidden, params.lmHead());
    }

    /**
     * {@link #forward} without the LM head: the final-norm hidden states [batch, tokens or 1,
     * hidden], which Medusa's heads read as well as the LM head ({@link #logits}).
     */
    public NDArray forwardHidden(NDArray ids, KvCache cache, boolean lastOnly) {
        int tokens = (int) ids.getShape().get(1);
        int past = cache == null ? 0 : cache.length();
        checkLength(past + tokens);
        NDArray mask = tokens > 1 ? causalMask(tokens, past) : null;
        return hidden(ids, Ops.narrow(cosTable, 0, past, past + tokens), Ops.narrow(sinTable, 0, past, past + tokens),
                mask, cache, (int) ids.getShape().get(0), tokens, lastOnly);
    }

    /** {@link #forwardTree} without the LM head: the final-norm hidden states [1, tokens, hidden]. */
    public NDArray forwardTreeHidden(NDArray ids, KvCache cache, int[] positions, boolean[][] visible) {
        int tokens = (int) ids.getShape().get(1);
        if (ids.getShape().get(0) != 1 || positions.length != tokens || visible.length != tokens) {
            throw new IllegalArgumentException("forwardTree takes one sequence with a position and a mask row per token");
        }
        for (int p : positions) {
            if (p < 0 || p >= config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("position " + p + " outside 0.." + (config.maxPositionEmbeddings() - 1));
            }
        }
        NDArray index = manager.create(Arrays.stream(positions).asLongStream().toArray(), new Shape(tokens));
        NDArray mask = treeMask(visible, cache == null ? 0 : cache.length());
        return hidden(ids, Ops.embedding(index, cosTable), Ops.embedding(index, sinTable), mask, cache, 1, tokens, false);
    }

    private void checkLength(int total) {
        if (total > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence of " + total + " tokens exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
    }

    private NDArray layer(int l, NDArray x, NDArray cos, NDArray sin, NDArray mask, KvCache cache,
                          int batch, int tokens) {
        LlamaParameters.Layer p = params.layers.get(l);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int hd = config.headDim();
        int groups = config.kvGroups();

        NDArray qkv = Ops.linear(rmsNorm(x, p.inputNorm), p.qkv, p.qkvBias)
                .reshape(batch, tokens, heads + 2 * kvHeads, hd);
        qkv = Ops.transpose(qkv, 1, 2); // [B, heads, T, hd]
        NDArray qk = Ops.narrow(qkv, 1, 0, heads + kvHeads);
        NDArray v = Ops.narrow(qkv, 1, heads + kvHeads, heads + 2 * kvHeads);
        qk = qk.mul(cos).add(qk.matMul(rotateHalf).mul(sin));
        NDArray q = Ops.narrow(qk, 1, 0, heads);
        NDArray k = Ops.narrow(qk, 1, heads, heads + kvHeads);
        if (cache != null) {
            // The new positions are written into the cache in place; attention then runs over
            // views of every cached position, old and new (see KvCache).
            NDArray[] kv = cache.append(l, k, v, batch, tokens, dtype);
            k = kv[0];
            v = kv[1];
        }
        // [B, kvHeads, groups * T, hd]: the query heads sharing a key/value head, stacked.
        NDArray qGrouped = q.reshape(batch, kvHeads, groups * tokens, hd);
        NDArray scores = qGrouped.matMul(Ops.transpose(k, 2, 3)).mul(scaleScalar);
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray probs = Ops.softmaxF32(scores);
        if (dtype != DataType.FLOAT32) {
            probs = probs.toType(dtype, false);
        }
        NDArray attn = probs.matMul(v).reshape(batch, heads, tokens, hd);
        attn = Ops.transpose(attn, 1, 2).reshape(batch, tokens, heads * hd);
        x = x.add(Ops.linear(attn, p.output));

        NDArray gateUp = Ops.linear(rmsNorm(x, p.postNorm), p.gateUp);
        int inter = config.intermediateSize();
        NDArray gate = Ops.narrow(gateUp, 2, 0, inter);
        NDArray up = Ops.narrow(gateUp, 2, inter, 2L * inter);
        NDArray act = gate.mul(Ops.sigmoid(gate)).mul(up);
        return x.add(Ops.linear(act, p.down));
    }

    /** Hugging Face LlamaRMSNorm: normalise in float32, cast back, then scale. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray h = dtype == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray inv = h.square().mean(new int[] {-1}, true).add(epsScalar).pow(minusHalfScalar);
        h = h.mul(inv);
        if (dtype != DataType.FLOAT32) {
            h = h.toType(dtype, false);
        }
        return h.mul(weight);
    }

    /**
     * Additive mask [groups * T, past + T]: query i (at position past + i) sees keys 0..past + i.
     * Rows repeat per query head of a group, matching the grouped layout of the scores.
     */
    private NDArray causalMask(int tokens, int past) {
        int groups = config.kvGroups();
        int total = past + tokens;
        float[] m = new float[groups * tokens * total];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < tokens; i++) {
                int row = (g * tokens + i) * total;
                Arrays.fill(m, row + past + i + 1, row + total, Float.NEGATIVE_INFINITY);
            }
        }
        NDArray mask = manager.create(m, new Shape(groups * tokens, total));
        return dtype == DataType.FLOAT32 ? mask : mask.toType(dtype, false);
    }

    /** Like {@link #causalMask} but with the new tokens' visibility given; cached positions are all visible. */
    private NDArray treeMask(boolean[][] visible, int past) {
        int groups = config.kvGroups();
        int tokens = visible.length;
        int total = past + tokens;
        float[] m = new float[groups * tokens * total];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < tokens; i++) {
                int row = (g * tokens + i) * total;
                for (int j = 0; j < tokens; j++) {
                    if (!visible[i][j]) {
                        m[row + past + j] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        NDArray mask = manager.create(m, new Shape(groups * tokens, total));
        return dtype == DataType.FLOAT32 ? mask : mask.toType(dtype, false);
    }

    /** Position {@code i} of [batch, tokens, hidden] states, as a [batch, 1, hidden] view (one native call). */
    public static NDArray position(NDArray hidden, int i) {
        return Ops.narrow(hidden, 1, i, i + 1);
    }

    /** Greedy next token of each position of a [1, T, V] logits array. */
    public static int[] argmaxTokens(NDArray logits) {
        long[] ids = logits.argMax(-1).toLongArray();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
