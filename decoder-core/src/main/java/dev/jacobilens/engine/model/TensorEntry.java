package dev.jacobilens.engine.model;

import java.util.Arrays;

/**
 * One tensor of a safetensors file, as its header describes it.
 *
 * @param name   tensor name
 * @param dtype  "F32", "F16" or "BF16" (other dtypes are listed but cannot be loaded)
 * @param shape  dimensions
 * @param begin  first byte, relative to the data section
 * @param end    one past the last byte, relative to the data section
 */
public record TensorEntry(String name, String dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** Bytes per element of a safetensors dtype, or -1 if the dtype is unknown. */
    public static int bytesPerElement(String dtype) {
        switch (dtype) {
            case "F64": case "I64": case "U64":
                return 8;
            case "F32": case "I32": case "U32":
                return 4;
            case "F16": case "BF16": case "I16": case "U16":
                return 2;
            case "I8": case "U8": case "BOOL": case "F8_E4M3": case "F8_E5M2":
                return 1;
            default:
                return -1;
        }
    }
}
