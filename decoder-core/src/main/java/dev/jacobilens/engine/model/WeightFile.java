package dev.jacobilens.engine.model;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One file of a checkpoint's weights, as the loader sees it: the tensors its header lists and,
 * one tensor at a time, their raw little-endian bytes. {@link SafetensorsFile} maps them
 * straight from the file; another format (a PyTorch {@code .bin}) plugs in here by listing its
 * tensors as {@link TensorEntry}s and handing out each one's bytes in a direct buffer.
 *
 * <p>The loader asks for a tensor, copies it into the engine in the compute dtype and
 * {@linkplain #release releases} the buffer before asking for the next, so that at most one
 * tensor's bytes are held outside the engine at any time.
 */
public interface WeightFile extends AutoCloseable {
    Path path();

    /** Every tensor of the file by name, validated (shape, dtype and byte range agree). */
    Map<String, TensorEntry> tensors();

    /** The tensor's bytes: a direct, little-endian buffer of exactly {@link TensorEntry#byteLength()} bytes. */
    ByteBuffer bytes(TensorEntry entry);

    /** Gives back a buffer from {@link #bytes}; it must not be used afterwards. */
    void release(ByteBuffer buffer);

    /** The tensor's values widened to floats, on the Java heap (for small tensors: optimiser state, tests). */
    float[] readFloats(TensorEntry entry);

    @Override
    void close();
}
