package dev.jacobilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay, Loshchilov & Hutter) with global gradient-norm clipping, as
 * torch.optim.AdamW computes it. Moments live in the optimiser's own manager so they can be
 * checkpointed; all per-step temporaries are closed by an NDScope.
 */
public final class AdamW implements AutoCloseable {
    private final List<NDArray> params;
    private final List<Boolean> decay;
    private final NDManager manager;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private int step;

    /**
     * @param decay per parameter: whether weight decay applies (not to norms, as is customary)
     */
    public AdamW(List<NDArray> params, List<Boolean> decay, NDManager parent, double beta1, double beta2,
                 double eps, double weightDecay) {
        this.params = List.copyOf(params);
        this.decay = List.copyOf(decay);
        this.manager = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (NDArray p : params) {
            m.add(manager.zeros(p.getShape(), p.getDataType()));
            v.add(manager.zeros(p.getShape(), p.getDataType()));
        }
    }

    public int stepsTaken() {
        return step;
    }

    public List<NDArray> firstMoments() {
        return m;
    }

    public List<NDArray> secondMoments() {
        return v;
    }

    /** Restores moments and step count (from a checkpoint). */
    public void restore(List<float[]> first, List<float[]> second, int steps) {
        for (int i = 0; i < params.size(); i++) {
            m.get(i).set(first.get(i));
            v.get(i).set(second.get(i));
        }
        step = steps;
    }

    /**
     * Clips gradients to {@code maxNorm} (global L2 norm), applies one update at rate {@code lr}
     * and zeroes the gradients. Returns the gradient norm before clipping. When the gradients
     * are not finite (an overflow somewhere in the backward pass) the update is skipped, as
     * mixed-precision trainers do, so one bad batch cannot turn every weight into NaN; the
     * returned norm then tells the caller.
     */
    public double step(double lr, double maxNorm) {
        // PyTorch's grad mode belongs to a thread and is on in a fresh one: the in-place updates
        // below must not be recorded, whichever thread trains.
        JniUtils.setGradMode(false);
        try (NDScope ignored = new NDScope()) {
            List<NDArray> grads = new ArrayList<>();
            NDArray sq = null;
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                grads.add(g);
                NDArray s = g.square().sum();
                sq = sq == null ? s : sq.add(s);
            }
            double norm = Math.sqrt(sq.getFloat());
            if (!Double.isFinite(norm)) {
                params.forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
                return norm;
            }
            step++;
            double clip = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
            double bias1 = 1 - Math.pow(beta1, step);
            double bias2 = 1 - Math.pow(beta2, step);
            double stepSize = lr / bias1;
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = clip == 1.0 ? grads.get(i) : grads.get(i).mul((float) clip);
                if (decay.get(i) && weightDecay > 0) {
                    p.muli((float) (1 - lr * weightDecay));
                }
                m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.get(i).muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                NDArray denom = v.get(i).div((float) bias2).sqrt().addi((float) eps);
                p.subi(m.get(i).div(denom).muli((float) stepSize));
                JniUtils.zeroGrad((PtNDArray) p);
            }
            return norm;
        }
    }

    /** Zeroes the gradients without updating (after a skipped step). */
    public void discardGradients() {
        params.forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
    }

    @Override
    public void close() {
        manager.close();
    }
}
