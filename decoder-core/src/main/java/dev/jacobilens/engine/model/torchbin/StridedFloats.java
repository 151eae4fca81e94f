package dev.jacobilens.engine.model.torchbin;

import dev.jacobilens.engine.model.HalfFloat;

import java.nio.ByteBuffer;

/**
 * Reads a strided view of F32, F16 or BF16 elements into row-major floats. BF16 is widened here,
 * in Java, because DJL's PyTorch engine aborts the JVM when handed BFLOAT16 data. A contiguous
 * view (what torch writes for almost every weight) is read in one sweep; any other walks its
 * strides with an odometer over the dimensions.
 */
final class StridedFloats {
    private StridedFloats() {
    }

    static boolean isFloat(String dtype) {
        return dtype.equals("F32") || dtype.equals("F16") || dtype.equals("BF16");
    }

    static float[] read(ByteBuffer buf, String dtype, long[] shape, long[] stride) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] out = new float[(int) count];
        if (count == 0) {
            return out;
        }
        if (isContiguous(shape, stride)) {
            if (dtype.equals("F32")) {
                buf.asFloatBuffer().get(out);
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = element(buf, dtype, i);
                }
            }
            return out;
        }
        int dims = shape.length;
        long[] index = new long[dims];
        long position = 0; // in elements, from the view's first element
        for (int i = 0; i < out.length; i++) {
            out[i] = element(buf, dtype, (int) position);
            for (int d = dims - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                position -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** Row-major strides, ignoring dimensions of size 1 (torch leaves their stride arbitrary). */
    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    private static float element(ByteBuffer buf, String dtype, int i) {
        switch (dtype) {
            case "F32":
                return buf.getFloat(4 * i);
            case "F16":
                return HalfFloat.toFloat(buf.getShort(2 * i));
            default:
                return Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
        }
    }
}
