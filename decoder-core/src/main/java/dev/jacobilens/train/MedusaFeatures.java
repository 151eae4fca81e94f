package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.model.LlamaModel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What Medusa-1 training needs from the frozen base model, computed once: for every position of
 * the base model's greedy output, its final-norm hidden state and the tokens 2, 3, … K + 1 places
 * on (head k's targets). The base model never changes, so running it again every step would only
 * repeat this work.
 *
 * <p>The greedy outputs are found cheaply where a prompt has a reference answer: one batched
 * pass over prompt + answer + EOS gives the model's greedy prediction at every position, and if
 * each one equals the next reference token, greedy decoding writes exactly the reference (each
 * step's prefix is the reference's). Only the prompts where the model disagrees, and free-text
 * prompts, are decoded token by token.
 *
 * @param hidden  [rows, H] hidden states, one row per output position
 * @param targets [K · rows]: head k's target for row r at k · rows + r, -1 past the end
 */
record MedusaFeatures(NDArray hidden, long[] targets, int rows, int heads, int decodedOneByOne, int sequences)
        implements AutoCloseable {

    private static final int BATCH = 32;

    static MedusaFeatures of(LoadedModel base, List<Prompt> prompts, int heads, int maxNewTokens, NDManager manager,
                             PrintStream log, BooleanSupplier stop) {
        LlamaModel model = base.model();
        int eos = model.config().eosTokenIds().get(0);
        List<Example> candidates = new ArrayList<>();
        List<Integer> freeText = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Prompt p = prompts.get(i);
            if (p.hasAnswer()) {
                candidates.add(MathExamples.of(p.problem(), base.tokenizer(), eos));
            } else {
                freeText.add(i);
            }
        }
        List<NDArray> parts = new ArrayList<>();
        List<long[]> targetParts = new ArrayList<>();
        List<Example> disagreed = new ArrayList<>();
        int kept = collect(model, candidates, heads, manager, parts, targetParts, disagreed, log, stop);
        // The prompts whose reference the model does not follow, and free text: decoded one by one.
        List<Example> decoded = new ArrayList<>();
        List<Prompt> toDecode = new ArrayList<>();
        disagreed.forEach(e -> toDecode.add(null));
        freeText.forEach(i -> toDecode.add(prompts.get(i)));
        for (int i = 0; i < toDecode.size() && !stop.getAsBoolean(); i++) {
            int[] ids = toDecode.get(i) == null ? disagreed.get(i).prompt() : base.encode(toDecode.get(i).text());
            int[] out = AutoregressiveDecoder.decode(model, ids, maxNewTokens, DecodeListener.NONE, new Cancellation())
                    .outputIds();
            if (ids.length + out.length <= model.config().maxPositionEmbeddings()) {
                decoded.add(new Example(ids, out));
            }
        }
        List<Example> stillDisagreed = new ArrayList<>();
        kept += collect(model, decoded, heads, manager, parts, targetParts, stillDisagreed, log, stop);
        if (!stillDisagreed.isEmpty()) {
            // Batched and cached passes round differently; a near-tie can tip. Such sequences are left out.
            log.printf("left out %d sequences whose batched pass disagreed with their own greedy output%n",
                    stillDisagreed.size());
        }
        NDArray hidden = parts.isEmpty() ? manager.zeros(new ai.djl.ndarray.types.Shape(0, model.config().hiddenSize()))
                : NDArrays.concat(new NDList(parts), 0);
        parts.forEach(NDArray::close);
        int rows = (int) hidden.getShape().get(0);
        long[] targets = new long[heads * rows];
        int offset = 0;
        for (long[] t : targetParts) {
            int n = t.length / heads;
            for (int k = 0; k < heads; k++) {
                System.arraycopy(t, k * n, targets, k * rows + offset, n);
            }
            offset += n;
        }
        return new MedusaFeatures(hidden, targets, rows, heads, toDecode.size(), kept);
    }

    /**
     * Runs the examples in batches; keeps the rows of each one whose every greedy prediction
     * equals its continuation, and hands back the others.
     */
    private static int collect(LlamaModel model, List<Example> examples, int heads, NDManager manager,
                               List<NDArray> parts, List<long[]> targetParts, List<Example> disagreed,
                               PrintStream log, BooleanSupplier stop) {
        int kept = 0;
        int padId = model.config().padTokenId();
        long start = System.nanoTime();
        for (int i = 0; i < examples.size() && !stop.getAsBoolean(); i += BATCH) {
            List<Example> chunk = examples.subList(i, Math.min(examples.size(), i + BATCH));
            Batch b = Batch.of(chunk, padId, false);
            try (NDScope ignored = new NDScope()) {
                NDArray hidden = model.forwardHidden(b.inputArray(model.manager()), null, false)
                        .reshape((long) b.size() * b.length(), model.config().hiddenSize());
                long[] predicted = model.logits(hidden).argMax(-1).toLongArray();
                List<Long> rows = new ArrayList<>();
                List<long[]> rowTargets = new ArrayList<>();
                for (int e = 0; e < chunk.size(); e++) {
                    Example ex = chunk.get(e);
                    int p = ex.prompt().length;
                    int c = ex.continuation().length;
                    boolean follows = true;
                    for (int t = p - 1; t < p + c - 1 && follows; t++) {
                        follows = predicted[e * b.length() + t] == b.targets()[e * b.length() + t];
                    }
                    if (!follows) {
                        disagreed.add(ex);
                        continue;
                    }
                    kept++;
                    for (int t = p - 1; t < p + c - 1; t++) {
                        rows.add((long) e * b.length() + t);
                        long[] tk = new long[heads];
                        for (int k = 0; k < heads; k++) {
                            int at = t + k + 2;
                            tk[k] = at < p + c ? (at < p ? -1 : ex.continuation()[at - p]) : -1;
                        }
                        rowTargets.add(tk);
                    }
                }
                if (!rows.isEmpty()) {
                    NDArray index = model.manager().create(rows.stream().mapToLong(Long::longValue).toArray());
                    NDArray part = JniUtils.embedding((PtNDArray) index, (PtNDArray) hidden, false)
                            .toType(DataType.FLOAT32, false);
                    // kept past this pass's scope; closed once concatenated
                    NDScope.unregister(part);
                    parts.add(part);
                    long[] t = new long[heads * rows.size()];
                    for (int r = 0; r < rows.size(); r++) {
                        for (int k = 0; k < heads; k++) {
                            t[k * rows.size() + r] = rowTargets.get(r)[k];
                        }
                    }
                    targetParts.add(t);
                }
            }
            int done = Math.min(examples.size(), i + BATCH);
            if ((done / BATCH) % 20 == 0 || done == examples.size()) {
                double each = (System.nanoTime() - start) / 1e9 / done;
                log.printf("base model passes %d/%d  %.3f s/sequence  ETA %s%n", done, examples.size(), each,
                        Eta.format(each * (examples.size() - done)));
            }
        }
        return kept;
    }

    @Override
    public void close() {
        hidden.close();
    }
}
