package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few PyTorch operators the forward pass needs that DJL's generic NDArray API does not
 * expose directly (embedding lookup, linear without a transpose copy, narrow views, softmax
 * computed in float32). Each is one native call, which matters: every DJL op costs microseconds.
 */
final class Ops {
    private Ops() {
    }

    /** Rows of {@code table} for each id: torch.nn.functional.embedding. */
    static NDArray embedding(NDArray ids, NDArray table) {
        return JniUtils.embedding((PtNDArray) ids, (PtNDArray) table, false);
    }

    /** x·Wᵀ with W stored as Hugging Face does, [out, in]. */
    static NDArray linear(NDArray x, NDArray weight) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, null);
    }

    /** x·Wᵀ + b; a null bias is no bias (still one native call). */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }

    /** A view of positions [start, end) along one axis (torch.narrow; no copy). */
    static NDArray narrow(NDArray x, int axis, long start, long end) {
        return JniUtils.slice((PtNDArray) x, axis, start, end, 1);
    }

    /** Softmax over the last axis, accumulated in float32 whatever the input type. */
    static NDArray softmaxF32(NDArray x) {
        return JniUtils.softmax((PtNDArray) x, -1, DataType.FLOAT32);
    }

    static NDArray sigmoid(NDArray x) {
        return JniUtils.sigmoid((PtNDArray) x);
    }

    static NDArray transpose(NDArray x, int a, int b) {
        return JniUtils.transpose((PtNDArray) x, a, b);
    }

    static NDArray cat(NDArray a, NDArray b, int axis) {
        return JniUtils.cat(new PtNDArray[] {(PtNDArray) a, (PtNDArray) b}, axis);
    }
}
