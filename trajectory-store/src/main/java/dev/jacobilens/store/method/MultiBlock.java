package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/**
 * Multi-block Jacobi decoding with rejection recycling, the inference side of Jacobi Forcing
 * (Hu et al. 2025, "Fast and Accurate Causal Parallel Decoding using Jacobi Forcing";
 * hao-ai-lab/JacobiForcing). Up to K blocks of n tokens are in flight: each forward pass refines
 * all of them at once, causally over their concatenation; only the first block accepts tokens (its
 * unchanged prefix, as in Jacobi decoding), the later ones are drafts refined under a noisy prefix
 * that become the first block, already partly right, when it converges. A later block starts once
 * the block before it has r% of its tokens accepted (the first block) or left unchanged by the
 * last pass (a later one: its tokens that the pass did not change, wherever they are). Rejection recycling keeps n-grams of rejected states in a pool and verifies
 * those that start with the current token in the same pass.
 *
 * @param blockSize         n, tokens per block
 * @param blocks            K, most blocks in flight (1: Jacobi decoding, plus recycling)
 * @param spawnPercent      r, how far the last block must be (in % of n) before a block starts behind it
 * @param recycling         rejection recycling on or off
 * @param recycleNgram      length of a recycled n-gram (its first token is the current token)
 * @param recycleCandidates most recycled n-grams verified per pass
 */
public record MultiBlock(int blockSize, int blocks, int spawnPercent, boolean recycling, int recycleNgram,
                         int recycleCandidates) implements DecodeMethod {
    public static final MethodParameter BLOCK_SIZE_PARAMETER = MethodParameter.number(BLOCK_SIZE, "Block size n", "n", 1,
            512, 16, "Tokens per block; the first block is iterated to its fixed point, as in Jacobi decoding");
    public static final MethodParameter BLOCKS = MethodParameter.number("blocks", "Blocks in flight K", "K", 1, 16, 3,
            "Most blocks refined together in one pass: the first one accepts tokens, the later ones are drafts that"
            + " are already partly right when they become the first");
    public static final MethodParameter SPAWN_PERCENT = MethodParameter.number("spawn_percent", "Start at r %", "r", 0,
            100, 0, "A later block starts once the block before it has this share of its n tokens accepted (the"
            + " first block) or left unchanged by the last pass (a later block); 0 starts all K at once");
    public static final MethodParameter RECYCLING = MethodParameter.onOff("recycling", "Rejection recycling", "recycle",
            true, "Keep n-grams of rejected states in a pool and verify those that start with the current token in"
            + " the same pass");
    public static final MethodParameter RECYCLE_NGRAM = MethodParameter.number("recycle_ngram", "Recycled n-gram",
            "N", 2, 16, 4, "Tokens of a recycled n-gram (the current token and up to this many − 1 after it)");
    public static final MethodParameter RECYCLE_CANDIDATES = MethodParameter.number("recycle_candidates",
            "Recycled candidates", "G", 1, 16, 4, "Most recycled n-grams verified per pass (each adds N − 1 tokens"
            + " to the pass)");
    /**
     * Three blocks started at once: the most tokens per pass measured on the maths consistency
     * model's first 50 held-out problems (5.44 against 4.31 for K = 2, r = 50%; assets/README).
     */
    public static final MultiBlock DEFAULT = new MultiBlock(16, 3, 0, true, 4, 4);

    public MultiBlock {
        BLOCK_SIZE_PARAMETER.check("multi-block", blockSize);
        BLOCKS.check("multi-block", blocks);
        SPAWN_PERCENT.check("multi-block", spawnPercent);
        RECYCLE_NGRAM.check("multi-block", recycleNgram);
        RECYCLE_CANDIDATES.check("multi-block", recycleCandidates);
    }

    private static final MethodDescriptor DESCRIPTOR = new MethodDescriptor("multiblock", "Multi-block Jacobi",
            "Multi-block Jacobi (Jacobi Forcing): K blocks refined in one pass, rejected n-grams recycled",
            List.of(BLOCK_SIZE_PARAMETER, BLOCKS, SPAWN_PERCENT, RECYCLING, RECYCLE_NGRAM, RECYCLE_CANDIDATES));

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<Integer> valuesInOrder() {
        return List.of(blockSize, blocks, spawnPercent, recycling ? 1 : 0, recycleNgram, recycleCandidates);
    }

    @Override
    public MultiBlock withValues(Map<String, Integer> values) {
        return new MultiBlock(values.get(BLOCK_SIZE), values.get(BLOCKS.key()), values.get(SPAWN_PERCENT.key()),
                values.get(RECYCLING.key()) != 0, values.get(RECYCLE_NGRAM.key()), values.get(RECYCLE_CANDIDATES.key()));
    }

    /** Tokens the first block must have accepted (or a later block kept unchanged) before one starts behind it. */
    public int spawnThreshold() {
        return (int) Math.ceil(spawnPercent * blockSize / 100.0);
    }

    /** Most tokens in flight: K blocks of n. */
    public long tokensInFlight() {
        return (long) blocks * blockSize;
    }

    /** The short list without the recycling pool's N and G when recycling is off. */
    @Override
    public String parameterText() {
        return "n=" + blockSize + " K=" + blocks + " r=" + spawnPercent
                + (recycling ? " +recycle N=" + recycleNgram + " G=" + recycleCandidates : "");
    }

    @Override
    public String describe() {
        return "multi-block n = " + blockSize + ", K = " + blocks + ", r = " + spawnPercent + "%"
                + (recycling ? ", recycling " + recycleCandidates + " × " + recycleNgram + "-grams" : ", no recycling");
    }
}
