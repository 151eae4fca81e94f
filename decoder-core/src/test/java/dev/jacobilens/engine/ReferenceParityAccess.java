package dev.jacobilens.engine;

import dev.jacobilens.engine.model.LlamaModel;

/** Lets tests in other packages compute last-position logits the way the parity tests do. */
public final class ReferenceParityAccess {
    private ReferenceParityAccess() {
    }

    public static float[] lastLogits(LlamaModel model, int[] ids) {
        return ReferenceParityTest.lastLogits(model, ids);
    }
}
