package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Counts NaN and infinite values of a weight inside the engine. */
final class NonFinite {
    private NonFinite() {
    }

    /**
     * Two reductions in the common case, and no copy of the tensor: max and min are finite
     * exactly when every value is (a NaN propagates through both, +inf is the max, -inf the min).
     * Only a bad tensor is counted in full.
     */
    static long count(NDArray values) {
        if (values.size() == 0) {
            return 0;
        }
        try (NDArray max = values.max(); NDArray min = values.min()) {
            if (Float.isFinite(asFloat(max)) && Float.isFinite(asFloat(min))) {
                return 0;
            }
        }
        try (NDArray nan = values.isNaN(); NDArray inf = values.isInfinite(); NDArray bad = nan.logicalOr(inf);
             NDArray n = bad.countNonzero()) {
            return n.toLongArray()[0];
        }
    }

    private static float asFloat(NDArray scalar) {
        if (scalar.getDataType() == DataType.FLOAT32) {
            return scalar.getFloat();
        }
        try (NDArray f = scalar.toType(DataType.FLOAT32, false)) {
            return f.getFloat();
        }
    }
}
