package dev.jacobilens.engine.model.torchbin;

import java.nio.ByteBuffer;

/** Copies a strided view's elements, bytes unchanged, into row-major order. */
final class StridedBytes {
    private StridedBytes() {
    }

    /**
     * @param src    the view's span: element (i, j, ...) at {@code width * (i*stride0 + j*stride1 + ...)}
     * @param out    receives the elements row-major, from its position on
     */
    static void gather(ByteBuffer src, int width, long[] shape, long[] stride, ByteBuffer out) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int dims = shape.length;
        long[] index = new long[dims];
        long position = 0; // in elements, from the view's first element
        for (long i = 0; i < count; i++) {
            int at = (int) (position * width);
            for (int b = 0; b < width; b++) {
                out.put(src.get(at + b));
            }
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
    }
}
