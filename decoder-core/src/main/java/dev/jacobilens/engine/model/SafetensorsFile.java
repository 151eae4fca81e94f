package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.EngineException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A memory-mapped reader of the safetensors format: an 8-byte little-endian header length, a
 * JSON header, then the raw tensor bytes. Unlike DJL's own decoder it never copies the file to
 * the heap: each tensor is mapped on demand. The header is validated in full before any tensor
 * is read, so a truncated or hand-edited file is refused with the file and tensor named.
 */
public final class SafetensorsFile implements WeightFile {
    /** Headers beyond this are not plausible for a checkpoint and would cost heap to parse. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorEntry> tensors) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel = WeightFile.openChannel(path);
        try {
            long size = channel.size();
            if (size < 8) {
                throw new EngineException(path + ": not a safetensors file (only " + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw new EngineException(path + ": corrupt safetensors header length " + headerLen
                        + " (file has " + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            Map<String, TensorEntry> tensors = parseHeader(path, json, size - dataStart);
            return new SafetensorsFile(path, channel, dataStart, tensors);
        } catch (IOException e) {
            WeightFile.closeQuietly(channel);
            throw new EngineException(path + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            WeightFile.closeQuietly(channel);
            throw e;
        }
    }

    static Map<String, TensorEntry> parseHeader(Path path, String json, long dataLength) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new EngineException(path + ": safetensors header is not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new EngineException(path + ": safetensors header is not a JSON object");
        }
        Map<String, TensorEntry> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            out.put(e.getKey(), parseEntry(path, e.getKey(), e.getValue(), dataLength));
        }
        checkNoOverlap(path, out.values());
        return Collections.unmodifiableMap(out);
    }

    private static TensorEntry parseEntry(Path path, String name, JsonNode node, long dataLength) {
        String where = path + ": tensor '" + name + "'";
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new EngineException(where + " needs dtype, shape and data_offsets [begin, end]");
        }
        int width = TensorEntry.bytesPerElement(dtype.asText());
        if (width < 0) {
            throw new EngineException(where + " has unknown dtype " + dtype.asText());
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0) {
                throw new EngineException(where + " has an invalid shape " + shape);
            }
            dims[i] = d.asLong();
        }
        if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw new EngineException(where + " has non-integer data_offsets " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        TensorEntry entry = new TensorEntry(name, dtype.asText(), dims, begin, end);
        if (begin < 0 || end < begin || end > dataLength) {
            throw new EngineException(where + " lies outside the file: bytes [" + begin + ", " + end
                    + ") but the data section has " + dataLength + " bytes (truncated file?)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(entry.elementCount(), width);
        } catch (ArithmeticException e) {
            throw new EngineException(where + " has an impossibly large shape " + shape);
        }
        if (expected != end - begin) {
            throw new EngineException(where + " has shape " + shape + " of " + dtype.asText() + " (" + expected
                    + " bytes) but its byte range holds " + (end - begin) + " bytes");
        }
        return entry;
    }

    /**
     * No two tensors may share a byte. Compared against the furthest end seen so far, not just
     * the neighbour: a zero-length tensor sorted between two overlapping ones must not hide them.
     */
    static void checkNoOverlap(Path path, Iterable<TensorEntry> entries) {
        List<TensorEntry> sorted = new ArrayList<>();
        entries.forEach(e -> {
            if (e.byteLength() > 0) {
                sorted.add(e);
            }
        });
        sorted.sort(Comparator.comparingLong(TensorEntry::begin));
        TensorEntry furthest = null;
        for (TensorEntry cur : sorted) {
            if (furthest != null && cur.begin() < furthest.end()) {
                throw new EngineException(path + ": tensors '" + furthest.name() + "' and '" + cur.name()
                        + "' overlap in the file");
            }
            if (furthest == null || cur.end() > furthest.end()) {
                furthest = cur;
            }
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    @Override
    public ByteBuffer bytes(TensorEntry entry) {
        return map(entry);
    }

    /** Unmaps the tensor's pages now: they would otherwise stay resident until a garbage collection. */
    @Override
    public void release(ByteBuffer buffer) {
        MappedBuffers.free(buffer);
    }

    /** Maps one tensor's bytes read-only, little-endian. */
    public ByteBuffer map(TensorEntry entry) {
        if (entry.byteLength() > Integer.MAX_VALUE) {
            throw new EngineException(path + ": tensor '" + entry.name() + "' is larger than 2 GiB");
        }
        try {
            MappedByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), entry.byteLength());
            return buf.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new EngineException(path + ": cannot map tensor '" + entry.name() + "' (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The tensor's values as floats, whatever its stored float type. BF16 is widened here, in
     * Java, because DJL's PyTorch engine aborts the JVM when handed BFLOAT16 data.
     */
    @Override
    public float[] readFloats(TensorEntry entry) {
        ByteBuffer mapped = map(entry);
        try {
            return decode(entry, mapped);
        } catch (InternalError e) {
            // Reading a mapped page past the end of a file that shrank after it was opened faults;
            // the JVM reports that as an InternalError ("a fault occurred in an unsafe memory access").
            throw new EngineException(path + ": tensor '" + entry.name() + "' could not be read: the file"
                    + " changed or was truncated while it was open", e);
        } finally {
            release(mapped);
        }
    }

    private float[] decode(TensorEntry entry, ByteBuffer buf) {
        int n = Math.toIntExact(entry.elementCount());
        float[] out = new float[n];
        switch (entry.dtype()) {
            case "F32":
                buf.asFloatBuffer().get(out);
                break;
            case "F16":
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloat.toFloat(buf.getShort(2 * i));
                }
                break;
            case "BF16":
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
                }
                break;
            default:
                throw new EngineException(path + ": tensor '" + entry.name() + "' has dtype " + entry.dtype()
                        + "; only F32, F16 and BF16 weights can be loaded");
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    @Override
    public void close() {
        WeightFile.closeQuietly(channel);
    }
}
