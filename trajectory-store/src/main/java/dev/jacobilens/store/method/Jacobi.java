package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/**
 * Jacobi decoding: blocks of n tokens iterated to their fixed point; with a consistency model, the
 * CLLM's fast-forwarding.
 *
 * @param blockSize n, tokens per block
 * @param poolNgram n-gram size of a pool that chains each block's initial guess from the prompt's,
 *                  the output's and the trajectory's n-grams; 0 for random initial guesses
 */
public record Jacobi(int blockSize, int poolNgram) implements DecodeMethod {
    public static final MethodParameter BLOCK_SIZE_PARAMETER = MethodParameter.number(BLOCK_SIZE, "Block size n", "n", 1,
            512, 16, "Tokens per block: each block is iterated until it stops changing (its fixed point)");
    public static final MethodParameter POOL_NGRAM = new MethodParameter("pool_ngram", "pool-ngram", "Pool n-gram", "pool",
            2, 64, 0, 0, false, "Chain each block's initial guess from an n-gram pool of this size (the prompt's,"
            + " the output's and the trajectory's n-grams) instead of random tokens; 0 turns the pool off");
    public static final Jacobi DEFAULT = new Jacobi(16, 0);

    public Jacobi {
        BLOCK_SIZE_PARAMETER.check("Jacobi", blockSize);
        POOL_NGRAM.check("Jacobi", poolNgram);
    }

    /** Jacobi with a block size and no pool. */
    public static Jacobi of(int blockSize) {
        return new Jacobi(blockSize, 0);
    }

    private static final MethodDescriptor DESCRIPTOR = new MethodDescriptor("jacobi", "Jacobi",
            "Jacobi: blocks of n tokens iterated to their fixed point", List.of(BLOCK_SIZE_PARAMETER, POOL_NGRAM));

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<Integer> valuesInOrder() {
        return List.of(blockSize, poolNgram);
    }

    @Override
    public Jacobi withValues(Map<String, Integer> values) {
        return new Jacobi(values.get(BLOCK_SIZE), values.get(POOL_NGRAM.key()));
    }

    @Override
    public String describe() {
        return "Jacobi n = " + blockSize + (poolNgram == 0 ? "" : ", pool " + poolNgram + "-grams");
    }
}
