package dev.jacobilens.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.train.Batch;
import dev.jacobilens.train.Example;
import dev.jacobilens.train.Losses;
import dev.jacobilens.train.Objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The Jacobi Forcing objective (Hu et al. 2025, "Fast and Accurate Causal Parallel Decoding using
 * Jacobi Forcing"; hao-ai-lab/JacobiForcing, {@code soft_flexattn_cllm_trainer.py} and
 * {@code 2_prepare_efficient_cllm_training_data_progressive_noise_window.py}).
 *
 * <p>Several consecutive blocks of one generation are packed into one sequence: the text before
 * the first of them (the prompt, and the generation's earlier fixed points), then for each block j
 * a <em>noisy</em> copy k_j (an intermediate Jacobi state) followed by its <em>clean</em> copy l_j
 * (the fixed point). Both copies of block j take the same rotary positions. The attention mask keeps
 * every query causal: the prompt is causal; a clean block sees the prompt, the earlier clean blocks
 * and itself causally (so the clean blocks are plain AR text); a noisy block sees the prompt, the
 * earlier <em>clean</em> blocks and itself causally, never another block's noisy copy nor anything
 * after it. So one forward pass gives what the model predicts from each block's state with a clean
 * context, and what it predicts from the fixed point, for every block at once. With
 * {@link Options#noisyContext()} a noisy block reads the earlier noisy copies instead (the reference's
 * multi-block trainer).
 *
 * <p>Block j's state is chosen by the noise schedule ({@link NoiseSchedule}): the trajectory state
 * whose noise ratio (the fraction of the block from its first wrong token) is nearest the
 * schedule's ratio for j, as the reference's data preparation chooses it, or (with probability
 * {@link ConsistencyObjective.Weights#noisedStates()}) a state made from the fixed point with
 * exactly that ratio ({@link NoisedStates#at}).
 *
 * <p>Losses, one forward pass: the <b>consistency loss</b>, the soft cross-entropy from the model's
 * distribution at each position of a noisy block, from its first wrong token on, to its own
 * detached distribution at the same position of the clean copy (zero gradient through the
 * target; no term where the state is the fixed point); the <b>AR loss</b>, next-token
 * cross-entropy over the clean text (prompt scope as {@link ConsistencyObjective.ArScope}), or on
 * a separate pool of labelled problems when one is given. Positions predicting tokens after a
 * block's EOS are not trained.
 */
public final class JacobiForcingObjective implements Objective {
    /**
     * Jacobi Forcing's own settings.
     *
     * @param schedule     the noise ratio of each packed block
     * @param packedBlocks the most consecutive blocks of one generation packed into one sequence
     *                     (the reference packs a whole generation; its noise window)
     * @param noisyContext a noisy block reads the earlier packed blocks' noisy copies instead of their fixed points
     *                     (the reference's multi-block trainer, {@code soft_flexattn_cllm_trainer_multiblock.py}: what
     *                     multi-block decoding meets, later blocks drafting on unconverged earlier ones); clean
     *                     blocks read clean ones either way
     */
    public record Options(NoiseSchedule schedule, int packedBlocks, boolean noisyContext) {
        /** With the clean context of the paper's mask. */
        public Options(NoiseSchedule schedule, int packedBlocks) {
            this(schedule, packedBlocks, false);
        }

        public Options {
            if (schedule == null) {
                throw new IllegalArgumentException("Jacobi Forcing needs a noise schedule");
            }
            if (packedBlocks < 1) {
                throw new IllegalArgumentException("--packed-blocks must be at least 1, got " + packedBlocks);
            }
        }
    }

    /** One packed sequence: the text before its first block, and per block a state and the fixed point. */
    record Packed(int questionLength, int[] prompt, int[][] noisy, int[][] fixed, boolean noisyContext) {
        Packed(int questionLength, int[] prompt, int[][] noisy, int[][] fixed) {
            this(questionLength, prompt, noisy, fixed, false);
        }

        int blocks() {
            return fixed.length;
        }

        int blockSize() {
            return fixed[0].length;
        }

        int length() {
            return prompt.length + 2 * blocks() * blockSize();
        }

        /** Index in the packed sequence of token t of block j's noisy copy. */
        int noisyAt(int j, int t) {
            return prompt.length + 2 * j * blockSize() + t;
        }

        /** Index in the packed sequence of token t of block j's clean copy. */
        int cleanAt(int j, int t) {
            return prompt.length + (2 * j + 1) * blockSize() + t;
        }

        long[] tokens() {
            long[] out = new long[length()];
            for (int i = 0; i < prompt.length; i++) {
                out[i] = prompt[i];
            }
            for (int j = 0; j < blocks(); j++) {
                for (int t = 0; t < blockSize(); t++) {
                    out[noisyAt(j, t)] = noisy[j][t];
                    out[cleanAt(j, t)] = fixed[j][t];
                }
            }
            return out;
        }

        /** Rotary positions: the prompt's own, and the same ones for both copies of a block. */
        int[] positions() {
            int[] out = new int[length()];
            for (int i = 0; i < prompt.length; i++) {
                out[i] = i;
            }
            int n = blockSize();
            for (int j = 0; j < blocks(); j++) {
                for (int t = 0; t < n; t++) {
                    out[noisyAt(j, t)] = prompt.length + j * n + t;
                    out[cleanAt(j, t)] = prompt.length + j * n + t;
                }
            }
            return out;
        }

        /**
         * The attention mask: {@code visible[q][k]} when query q may read key k. Prompt causal;
         * both copies of block j read the prompt, the clean copies of blocks before j (with
         * {@code noisyContext}, a noisy copy reads the noisy copies of blocks before j instead), and
         * themselves causally.
         */
        boolean[][] visible() {
            int len = length();
            int p = prompt.length;
            int n = blockSize();
            boolean[][] v = new boolean[len][len];
            for (int q = 0; q < p; q++) {
                Arrays.fill(v[q], 0, q + 1, true);
            }
            for (int j = 0; j < blocks(); j++) {
                for (int t = 0; t < n; t++) {
                    for (int copy = 0; copy < 2; copy++) {
                        boolean[] row = v[copy == 0 ? noisyAt(j, t) : cleanAt(j, t)];
                        Arrays.fill(row, 0, p, true);
                        for (int e = 0; e < j; e++) {
                            int from = copy == 0 && noisyContext ? noisyAt(e, 0) : cleanAt(e, 0);
                            Arrays.fill(row, from, from + n, true);
                        }
                        int own = copy == 0 ? noisyAt(j, 0) : cleanAt(j, 0);
                        Arrays.fill(row, own, own + t + 1, true);
                    }
                }
            }
            return v;
        }

        /** The clean text (prompt and fixed points) and, per token, its index in the packed sequence. */
        int[] cleanText() {
            int n = blockSize();
            int[] out = Arrays.copyOf(prompt, prompt.length + blocks() * n);
            for (int j = 0; j < blocks(); j++) {
                System.arraycopy(fixed[j], 0, out, prompt.length + j * n, n);
            }
            return out;
        }

        int cleanIndex(int i) {
            return i < prompt.length ? i : cleanAt((i - prompt.length) / blockSize(), (i - prompt.length) % blockSize());
        }
    }

    /**
     * Packed sequences of one step laid end to end in rows of about this many tokens, each row one
     * forward pass whose mask is block-diagonal over its sequences (a sequence never reads another).
     * Small: a row's attention costs its length squared, most of it masked out between sequences
     * (rows of 1,024 tokens made a maths step several times slower than one pass per sequence).
     */
    static final int ROW_TOKENS = 256;

    private final List<List<TrajectoryData.Block>> chains;
    private final int batchSize;
    private final long seed;
    private final int padId;
    private final int eosId;
    private final ConsistencyObjective.Weights weights;
    private final Options options;
    private final List<Example> arProblems;
    private final Function<LlamaModel, Map<String, Double>> evaluation;

    /**
     * @param arProblems labelled problems for the AR loss (a fresh batch each step), or null for the AR loss on the
     *                   packed sequences' clean text
     */
    public JacobiForcingObjective(TrajectoryData data, int batchSize, long seed, int padId, int eosId,
                                  ConsistencyObjective.Weights weights, Options options, List<Example> arProblems,
                                  Function<LlamaModel, Map<String, Double>> evaluation) {
        if (arProblems != null && arProblems.isEmpty()) {
            throw new IllegalArgumentException("the AR problem pool is empty");
        }
        this.chains = chains(data);
        this.batchSize = batchSize;
        this.seed = seed;
        this.padId = padId;
        this.eosId = eosId;
        this.weights = weights;
        this.options = options;
        this.arProblems = arProblems == null ? null : List.copyOf(arProblems);
        this.evaluation = evaluation;
    }

    /**
     * The trajectory file's blocks grouped into generations: a block continues the previous one when
     * its prefix is the previous block's prefix followed by the previous fixed point.
     */
    static List<List<TrajectoryData.Block>> chains(TrajectoryData data) {
        List<List<TrajectoryData.Block>> out = new ArrayList<>();
        List<TrajectoryData.Block> current = null;
        for (TrajectoryData.Block b : data.blocks()) {
            TrajectoryData.Block last = current == null ? null : current.get(current.size() - 1);
            if (last != null && continues(last, b)) {
                current.add(b);
            } else {
                current = new ArrayList<>();
                current.add(b);
                out.add(current);
            }
        }
        return out;
    }

    private static boolean continues(TrajectoryData.Block previous, TrajectoryData.Block next) {
        int[] p = previous.prefix();
        int[] f = previous.fixedPoint();
        int[] q = next.prefix();
        return q.length == p.length + f.length && next.fixedPoint().length == f.length
                && Arrays.equals(q, 0, p.length, p, 0, p.length)
                && Arrays.equals(q, p.length, q.length, f, 0, f.length);
    }

    int generations() {
        return chains.size();
    }

    /** The step's packed sequences: seeded by the step alone, so a resumed run sees the same ones. */
    List<Packed> samples(int step) {
        Random rng = new Random(seed * 1_000_003L + step);
        List<Packed> out = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            List<TrajectoryData.Block> chain = chains.get(rng.nextInt(chains.size()));
            int k = Math.min(options.packedBlocks(), chain.size());
            int start = rng.nextInt(chain.size() - k + 1);
            int[][] noisy = new int[k][];
            int[][] fixed = new int[k][];
            for (int j = 0; j < k; j++) {
                TrajectoryData.Block b = chain.get(start + j);
                double ratio = options.schedule().ratio(j, k, rng);
                fixed[j] = b.fixedPoint();
                noisy[j] = rng.nextDouble() < weights.noisedStates() ? NoisedStates.at(b, ratio, eosId, rng)
                        : nearest(b, ratio);
            }
            TrajectoryData.Block first = chain.get(start);
            out.add(new Packed(first.questionLength(), first.prefix(), noisy, fixed, options.noisyContext()));
        }
        return out;
    }

    /** The fraction of the state from its first wrong token to the end of the block. */
    static double noiseRatio(int[] state, int[] fixed) {
        int n = fixed.length;
        for (int t = 0; t < n; t++) {
            if (state[t] != fixed[t]) {
                return (double) (n - t) / n;
            }
        }
        return 0;
    }

    /** The trajectory state whose noise ratio is nearest {@code ratio}, the earliest of equals. */
    static int[] nearest(TrajectoryData.Block b, double ratio) {
        int[] best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int[] s : b.states()) {
            double d = Math.abs(noiseRatio(s, b.fixedPoint()) - ratio);
            if (d < bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        return best;
    }

    List<Example> arBatch(int step) {
        return ConsistencyObjective.arBatch(arProblems, seed, step, batchSize);
    }

    @Override
    public NDArray loss(LlamaModel model, int step, NDManager m) {
        return loss(model, samples(step), arBatch(step), m);
    }

    /** Where each packed sequence starts in the concatenated rows of {@link #logits}. */
    static int[] offsets(List<Packed> batch) {
        int[] out = new int[batch.size()];
        int at = 0;
        for (int i = 0; i < batch.size(); i++) {
            out[i] = at;
            at += batch.get(i).length();
        }
        return out;
    }

    /**
     * Logits of every token of the packed sequences, [total tokens, vocab], in {@link #offsets}
     * order: sequences laid end to end in rows of about {@link #ROW_TOKENS} tokens, one
     * {@link LlamaModel#forwardTree} pass per row with the sequences' masks on its diagonal.
     */
    static NDArray logits(LlamaModel model, List<Packed> batch, NDManager m) {
        NDList rows = new NDList();
        int i = 0;
        while (i < batch.size()) {
            int end = i;
            int length = 0;
            while (end < batch.size() && (end == i || length + batch.get(end).length() <= ROW_TOKENS)) {
                length += batch.get(end).length();
                end++;
            }
            long[] tokens = new long[length];
            int[] positions = new int[length];
            boolean[][] visible = new boolean[length][length];
            int at = 0;
            for (int s = i; s < end; s++) {
                Packed p = batch.get(s);
                long[] ids = p.tokens();
                int[] pos = p.positions();
                boolean[][] v = p.visible();
                System.arraycopy(ids, 0, tokens, at, ids.length);
                System.arraycopy(pos, 0, positions, at, pos.length);
                for (int q = 0; q < ids.length; q++) {
                    System.arraycopy(v[q], 0, visible[at + q], at, ids.length);
                }
                at += ids.length;
            }
            NDArray logits = model.forwardTree(m.create(tokens, new Shape(1, length)), null, positions, visible);
            rows.add(logits.squeeze(0));
            i = end;
        }
        return rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 0);
    }

    NDArray loss(LlamaModel model, List<Packed> batch, List<Example> arBatch, NDManager m) {
        int[] offsets = offsets(batch);
        int total = offsets[batch.size() - 1] + batch.get(batch.size() - 1).length();
        long[] arTargets = new long[total];
        Arrays.fill(arTargets, padId);
        float[] arWeights = new float[total];
        float arCount = 0;
        List<Integer> student = new ArrayList<>();
        List<Integer> teacher = new ArrayList<>();
        List<Integer> hardTarget = new ArrayList<>();
        for (int s = 0; s < batch.size(); s++) {
            Packed p = batch.get(s);
            int base = offsets[s];
            int n = p.blockSize();
            // AR over the clean text: position i predicts clean[i + 1], up to the answer's first EOS
            int[] clean = p.cleanText();
            int eos = -1;
            for (int i = Math.max(0, p.questionLength()); i < clean.length; i++) {
                if (clean[i] == eosId) {
                    eos = i;
                    break;
                }
            }
            int end = eos < 0 ? clean.length : eos + 1;
            int from = switch (weights.arScope()) {
                case ALL -> 0;
                case ANSWER -> Math.max(0, p.questionLength() - 1);
                case BLOCK -> p.prompt().length - 1;
            };
            if (arBatch == null) {
                for (int i = Math.max(0, from); i < end - 1; i++) {
                    arTargets[base + p.cleanIndex(i)] = clean[i + 1];
                    arWeights[base + p.cleanIndex(i)] = 1;
                    arCount++;
                }
            }
            // consistency: each noisy block from its first wrong token, against the clean copy
            for (int j = 0; j < p.blocks(); j++) {
                int[] state = p.noisy()[j];
                int[] fixed = p.fixed()[j];
                int firstWrong = -1;
                for (int t = 0; t < n; t++) {
                    if (state[t] != fixed[t]) {
                        firstWrong = t;
                        break;
                    }
                }
                if (firstWrong < 0) {
                    continue;
                }
                int eosAt = ConsistencyObjective.indexOf(fixed, eosId);
                int last = eosAt < 0 ? n - 1 : eosAt - 1; // the position predicting the EOS is the last one
                for (int t = firstWrong; t <= last; t++) {
                    int next = p.prompt().length + j * n + t + 1; // clean-text index of the predicted token
                    if (weights.hardTargets() && next >= clean.length) {
                        continue; // the token after the last packed block is not known
                    }
                    student.add(base + p.noisyAt(j, t));
                    teacher.add(base + p.cleanAt(j, t));
                    hardTarget.add(next < clean.length ? clean[next] : padId);
                }
            }
        }
        NDArray logits = logits(model, batch, m);
        long vocab = logits.getShape().get(1);
        NDArray totalLoss = m.create(0f);
        if (weights.ar() > 0 && arBatch != null) {
            Batch b = Batch.of(arBatch, padId, weights.arScope() == ConsistencyObjective.ArScope.ALL);
            totalLoss = totalLoss.add(Losses.causalLm(model, b, m, weights.labelSmoothing()).mul((float) weights.ar()));
        } else if (weights.ar() > 0 && arCount > 0) {
            NDArray ar = Losses.crossEntropy(logits.expandDims(0), m.create(arTargets, new Shape(1, total)),
                    m.create(arWeights, new Shape(1, total)), arCount, weights.labelSmoothing());
            totalLoss = totalLoss.add(ar.mul((float) weights.ar()));
        }
        if (weights.consistency() > 0 && !student.isEmpty()) {
            int k = student.size();
            NDArray studentLogits = rows(logits, student, vocab, m);
            NDArray consistency;
            if (weights.hardTargets()) {
                long[] targets = hardTarget.stream().mapToLong(Integer::longValue).toArray();
                float[] ones = new float[k];
                Arrays.fill(ones, 1f);
                consistency = Losses.crossEntropy(studentLogits.expandDims(0), m.create(targets, new Shape(1, k)),
                        m.create(ones, new Shape(1, k)), k, 0);
            } else {
                NDArray target = rows(logits, teacher, vocab, m).stopGradient().softmax(-1);
                consistency = target.mul(studentLogits.logSoftmax(-1)).sum(new int[] {-1}).neg().sum().div((float) k);
            }
            totalLoss = totalLoss.add(consistency.mul((float) weights.consistency()));
        }
        return totalLoss;
    }

    /** Rows {@code index} of a [total, vocab] array, as [index count, vocab]. */
    private static NDArray rows(NDArray logits, List<Integer> index, long vocab, NDManager m) {
        long[] idx = index.stream().mapToLong(Integer::longValue).toArray();
        NDArray i = m.create(idx, new Shape(idx.length, 1)).broadcast(new Shape(idx.length, vocab));
        return logits.gather(i, 0);
    }

    @Override
    public Map<String, Double> evaluate(LlamaModel model) {
        return evaluation.apply(model);
    }
}
