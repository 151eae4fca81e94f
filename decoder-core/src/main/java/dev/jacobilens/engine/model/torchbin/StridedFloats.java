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
        Element element = Element.of(dtype);
        if (isContiguous(shape, stride)) {
            // One plain loop per dtype: this is the path of nearly every weight, and the hot one.
            switch (element) {
                case F32 -> buf.asFloatBuffer().get(out);
                case F16 -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = HalfFloat.toFloat(buf.getShort(2 * i));
                    }
                }
                default -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
                    }
                }
            }
            return out;
        }
        int dims = shape.length;
        long[] index = new long[dims];
        long position = 0; // in elements, from the view's first element
        for (int i = 0; i < out.length; i++) {
            out[i] = element.read(buf, (int) position);
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

    /** One element's decoding, chosen once per tensor rather than per element. */
    private enum Element {
        F32 {
            @Override
            float read(ByteBuffer buf, int i) {
                return buf.getFloat(4 * i);
            }
        },
        F16 {
            @Override
            float read(ByteBuffer buf, int i) {
                return HalfFloat.toFloat(buf.getShort(2 * i));
            }
        },
        BF16 {
            @Override
            float read(ByteBuffer buf, int i) {
                return Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
            }
        };

        abstract float read(ByteBuffer buf, int i);

        static Element of(String dtype) {
            return valueOf(dtype);
        }
    }
}
