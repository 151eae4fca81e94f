package dev.jacobilens.distill;

/**
 * Spots degenerate generations — a model stuck repeating itself — which the CLLM recipe drops
 * before training: learning to jump to the fixed point of a loop teaches nothing useful.
 */
public final class Degeneracy {
    private Degeneracy() {
    }

    /**
     * True when some n-gram (n = 1..4) repeats back to back so that the run covers at least
     * {@code minRunTokens} tokens, e.g. "7 7 7 7 ..." or "of the of the of the ...".
     */
    public static boolean hasLongRepeat(int[] ids, int minRunTokens) {
        for (int n = 1; n <= 4; n++) {
            int run = n;
            for (int i = n; i < ids.length; i++) {
                run = ids[i] == ids[i - n] ? run + 1 : n;
                if (run >= minRunTokens) {
                    return true;
                }
            }
        }
        return false;
    }
}
