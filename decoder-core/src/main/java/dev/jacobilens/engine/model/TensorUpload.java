package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.jacobilens.engine.EngineException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Puts one stored tensor into the engine in the compute dtype, without a copy on the Java heap.
 * F32 and F16 bytes go to PyTorch straight from the file's mapping (on the CPU the engine first
 * sees them in place, then converts or clones them into memory of its own; for a GPU they are
 * copied to the device); the mapping is released before the next tensor. BF16 is widened to
 * float32 in Java, because DJL's PyTorch engine aborts the JVM on BFLOAT16 data on the CPU, in
 * slices of {@value #SLICE_FLOATS} values written into the destination tensor one by one, so the
 * widening never holds more than one slice.
 */
final class TensorUpload {
    /** 32 MB of float32 per BF16 slice. */
    static final int SLICE_FLOATS = 8 << 20;

    private TensorUpload() {
    }

    static NDArray upload(WeightFile file, TensorEntry entry, NDManager manager, DataType dtype) {
        Shape shape = new Shape(entry.shape());
        switch (entry.dtype()) {
            case "F32":
                return direct(file, entry, manager, DataType.FLOAT32, dtype, shape);
            case "F16":
                return direct(file, entry, manager, DataType.FLOAT16, dtype, shape);
            case "BF16":
                return widened(file, entry, manager, dtype, shape);
            default:
                throw new EngineException(file.path() + ": tensor '" + entry.name() + "' has dtype " + entry.dtype()
                        + "; only F32, F16 and BF16 weights can be loaded");
        }
    }

    private static NDArray direct(WeightFile file, TensorEntry entry, NDManager manager, DataType stored,
                                  DataType dtype, Shape shape) {
        ByteBuffer bytes = file.bytes(entry);
        try {
            // CPU: a tensor over the mapped bytes themselves; GPU: already a copy on the device.
            NDArray raw = manager.create(bytes, shape, stored);
            boolean onDevice = manager.getDevice().isGpu();
            if (onDevice && stored == dtype) {
                return raw;
            }
            NDArray own = stored == dtype ? JniUtils.clone((PtNDArray) raw) : raw.toType(dtype, false);
            raw.close(); // before the mapping goes: the CPU tensor points into it
            return own;
        } finally {
            file.release(bytes);
        }
    }

    private static NDArray widened(WeightFile file, TensorEntry entry, NDManager manager, DataType dtype,
                                   Shape shape) {
        long count = entry.elementCount();
        NDArray out = manager.create(new Shape(count), dtype);
        ByteBuffer bytes = file.bytes(entry);
        ByteBuffer slice = ByteBuffer.allocateDirect((int) Math.min(count, SLICE_FLOATS) * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        try {
            FloatBuffer floats = slice.asFloatBuffer();
            for (long start = 0; start < count; start += SLICE_FLOATS) {
                int n = (int) Math.min(SLICE_FLOATS, count - start);
                floats.clear();
                for (int i = 0; i < n; i++) {
                    floats.put(Float.intBitsToFloat((bytes.getShort((int) (2 * (start + i))) & 0xffff) << 16));
                }
                slice.position(0).limit(n * Float.BYTES);
                try (NDArray part = manager.create(slice, new Shape(n), DataType.FLOAT32)) {
                    NDArray typed = dtype == DataType.FLOAT32 ? part : part.toType(dtype, false);
                    out.set(new NDIndex("{}:{}", start, start + n), typed);
                    if (typed != part) {
                        typed.close();
                    }
                }
            }
        } finally {
            file.release(bytes);
            MappedBuffers.free(slice);
        }
        NDArray shaped = out.reshape(shape);
        if (shaped != out) {
            // a reshape of a contiguous tensor is a view: the storage lives on through it
            out.close();
        }
        return shaped;
    }
}
