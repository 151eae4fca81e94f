package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Counts NaN and infinite values of a weight inside the engine. */
final class NonFinite {
    private NonFinite() {
    }

    /**
     * One reduction in the common case: max |x| is finite exactly when every value is (a NaN
     * propagates through max, an infinity is the max). Only a bad tensor is counted in full.
     */
    static long count(NDArray values) {
        if (values.size() == 0) {
            return 0;
        }
        try (NDArray abs = values.abs(); NDArray max = abs.max()) {
            if (Float.isFinite(asFloat(max))) {
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
