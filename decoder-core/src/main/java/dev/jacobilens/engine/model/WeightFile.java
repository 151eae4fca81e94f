package dev.jacobilens.engine.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * One file of a checkpoint's weights, whatever its format (safetensors, or PyTorch's zip
 * pickle format in {@code torchbin}). The header or index is validated when the file is opened;
 * tensor data is read on demand, straight from a memory map.
 */
public interface WeightFile extends AutoCloseable {
    Path path();

    /** Every tensor by name, with its dtype ("F32", "F16", "BF16", ...) and shape. */
    Map<String, TensorEntry> tensors();

    /** The tensor's values as floats, widened in Java whatever the stored float type. */
    float[] readFloats(TensorEntry entry);

    @Override
    void close();
}
