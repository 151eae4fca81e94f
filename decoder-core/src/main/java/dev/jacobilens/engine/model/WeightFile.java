package dev.jacobilens.engine.model;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.InputFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /**
     * Opens a weight file of any format for reading; a missing, non-regular or unreadable file is
     * an {@link EngineException} naming it.
     */
    static FileChannel openChannel(Path path) {
        String problem = InputFiles.problem(path);
        if (problem != null) {
            throw new EngineException(path + ": " + (problem.equals("no such file") ? "weights file is missing" : problem));
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new EngineException(path + ": weights file is missing");
        } catch (IOException e) {
            throw new EngineException(path + ": cannot open (" + e.getMessage() + ")", e);
        }
    }

    /** Closes a weight file's channel while another error is already on its way out. */
    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing; the original error is the useful one
        }
    }

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
