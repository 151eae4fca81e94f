package dev.jacobilens.engine.model.torchbin;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.MappedBuffers;
import dev.jacobilens.engine.model.TensorEntry;
import dev.jacobilens.engine.model.WeightFile;
import dev.jacobilens.engine.model.torchbin.PickleValues.Dict;
import dev.jacobilens.engine.model.torchbin.PickleValues.StorageRef;
import dev.jacobilens.engine.model.torchbin.PickleValues.TensorRef;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A PyTorch checkpoint ({@code torch.save} of a state dict, as transformers writes
 * {@code pytorch_model.bin}) opened without running it: a zip archive of {@code PREFIX/data.pkl},
 * read by {@link RestrictedUnpickler}, and one uncompressed entry {@code PREFIX/data/KEY} per
 * storage, memory-mapped in place when a tensor is read. Opening checks everything a read will
 * rely on: every storage's entry holds exactly the bytes its declared size needs, and every
 * tensor's offset, shape and strides stay inside its storage. Nothing is allocated for a
 * declared size before that check, so a pickle claiming 10 GB costs nothing.
 */
public final class TorchBinFile implements WeightFile {
    public static final String SINGLE = "pytorch_model.bin";
    public static final String INDEX = "pytorch_model.bin.index.json";
    /** A 70B model's state-dict pickle is well under a megabyte; more is not a state dict. */
    private static final long MAX_PICKLE = 64L << 20;

    /** Where a tensor's elements are: element (i, j, ...) at {@code firstByte + width * (i*stride0 + ...)}. */
    private record View(StorageRef storage, long firstByte, long spanElements, long[] shape, long[] stride) {
    }

    private final Path path;
    private final FileChannel channel;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, View> views;

    private TorchBinFile(Path path, FileChannel channel, Map<String, TensorEntry> tensors, Map<String, View> views) {
        this.path = path;
        this.channel = channel;
        this.tensors = tensors;
        this.views = views;
    }

    public static TorchBinFile open(Path path) {
        FileChannel channel = WeightFile.openChannel(path);
        try {
            checkMagic(path, channel);
            Map<String, ZipDirectory.Entry> entries = ZipDirectory.read(path, channel);
            String prefix = archivePrefix(path, entries);
            checkByteOrder(path, channel, entries.get(prefix + "byteorder"));
            ZipDirectory.Entry pkl = entries.get(prefix + "data.pkl");
            RestrictedUnpickler unpickler = new RestrictedUnpickler(readPickle(path, channel, pkl));
            Object root;
            try {
                root = unpickler.load();
            } catch (RestrictedUnpickler.Refused e) {
                throw new EngineException(path + ": " + pkl.name() + ": " + e.getMessage());
            }
            Map<String, ZipDirectory.Entry> storageEntries = storageEntries(path, prefix, entries, unpickler.storages());
            Map<String, TensorEntry> tensors = new LinkedHashMap<>();
            Map<String, View> views = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> t : stateDict(path, root).entrySet()) {
                View v = view(path, t.getKey(), t.getValue(), storageEntries.get(t.getValue().storage().key()));
                views.put(t.getKey(), v);
                long bytes = Math.multiplyExact(elementCount(t.getValue().shape()), width(v.storage().dtype()));
                tensors.put(t.getKey(), new TensorEntry(t.getKey(), v.storage().dtype(), t.getValue().shape(),
                        v.firstByte(), v.firstByte() + bytes));
            }
            return new TorchBinFile(path, channel, Collections.unmodifiableMap(tensors), views);
        } catch (IOException e) {
            WeightFile.closeQuietly(channel);
            throw new EngineException(path + ": cannot read (" + e.getMessage() + ")", e);
        } catch (ArithmeticException e) {
            WeightFile.closeQuietly(channel);
            throw new EngineException(path + ": a tensor or storage declares an impossibly large size");
        } catch (RuntimeException e) {
            WeightFile.closeQuietly(channel);
            throw e;
        }
    }

    private static void checkMagic(Path path, FileChannel channel) throws IOException {
        if (channel.size() < 4) {
            throw new EngineException(path + ": not a PyTorch checkpoint (only " + channel.size() + " bytes)");
        }
        ByteBuffer magic = ZipDirectory.readAt(channel, 0, 4);
        if (magic.getInt(0) == 0x04034b50) {
            return;
        }
        if ((magic.get(0) & 0xff) == 0x80) {
            throw new EngineException(path + ": a PyTorch checkpoint in the legacy format (torch.save before"
                    + " torch 1.6); re-save it with a current torch, or as safetensors");
        }
        throw new EngineException(path + ": not a PyTorch checkpoint (no zip archive)");
    }

    /** torch writes every entry under one folder ("archive/" or the file's stem) holding data.pkl. */
    private static String archivePrefix(Path path, Map<String, ZipDirectory.Entry> entries) {
        List<String> pickles = entries.keySet().stream()
                .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
                .toList();
        if (pickles.size() != 1) {
            throw new EngineException(path + ": not a PyTorch checkpoint: expected one FOLDER/data.pkl in the"
                    + " archive, found " + pickles.size());
        }
        return pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
    }

    private static void checkByteOrder(Path path, FileChannel channel, ZipDirectory.Entry entry) throws IOException {
        if (entry == null) {
            return; // written before torch recorded it: always little-endian then
        }
        if (entry.size() > 16) {
            throw new EngineException(path + ": " + entry.name() + " is not a byte order");
        }
        String order = StandardCharsets.US_ASCII.decode(ZipDirectory.readAt(channel, entry.dataOffset(),
                (int) entry.size())).toString().trim();
        if (!order.equals("little")) {
            throw new EngineException(path + ": the storages are " + order + "-endian; only little-endian"
                    + " checkpoints can be read");
        }
    }

    private static byte[] readPickle(Path path, FileChannel channel, ZipDirectory.Entry pkl) throws IOException {
        if (pkl.size() > MAX_PICKLE) {
            throw new EngineException(path + ": " + pkl.name() + " is " + pkl.size() + " bytes, too large for a"
                    + " state dict's pickle");
        }
        byte[] bytes = new byte[(int) pkl.size()];
        ZipDirectory.readAt(channel, pkl.dataOffset(), bytes.length).get(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if ((int) crc.getValue() != pkl.crc()) {
            throw new EngineException(path + ": " + pkl.name() + " is damaged (its checksum does not match)");
        }
        return bytes;
    }

    /** Each storage's entry, holding exactly its declared elements (the 10 GB-claim check). */
    private static Map<String, ZipDirectory.Entry> storageEntries(Path path, String prefix,
            Map<String, ZipDirectory.Entry> entries, Map<String, StorageRef> storages) {
        Map<String, ZipDirectory.Entry> out = new LinkedHashMap<>();
        for (StorageRef s : storages.values()) {
            ZipDirectory.Entry e = entries.get(prefix + "data/" + s.key());
            if (e == null) {
                throw new EngineException(path + ": storage '" + s.key() + "' has no entry " + prefix + "data/"
                        + s.key() + " in the archive");
            }
            long declared;
            try {
                declared = Math.multiplyExact(s.elements(), width(s.dtype()));
            } catch (ArithmeticException ex) {
                throw new EngineException(path + ": storage '" + s.key() + "' declares an impossibly large size");
            }
            if (declared != e.size()) {
                throw new EngineException(path + ": storage '" + s.key() + "' declares " + s.elements() + " "
                        + s.dtype() + " elements (" + declared + " bytes) but " + e.name() + " holds " + e.size()
                        + " bytes");
            }
            out.put(s.key(), e);
        }
        return out;
    }

    private static Map<String, TensorRef> stateDict(Path path, Object root) {
        if (!(root instanceof Dict dict)) {
            throw new EngineException(path + ": holds " + PickleValues.typeName(root) + ", not a state dict"
                    + " (a dict of tensors)");
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new EngineException(path + ": state dict has a key that is " + PickleValues.typeName(e.getKey())
                        + ", not a tensor name");
            }
            if (!(e.getValue() instanceof TensorRef t)) {
                throw new EngineException(path + ": state dict entry '" + name + "' is "
                        + PickleValues.typeName(e.getValue()) + ", not a tensor");
            }
            out.put(name, t);
        }
        return out;
    }

    /** Checks that every element the view can address lies inside its storage. */
    private static View view(Path path, String name, TensorRef t, ZipDirectory.Entry storage) {
        long count = elementCount(t.shape());
        long last = t.offset();
        for (int i = 0; i < t.shape().length; i++) {
            if (t.shape()[i] > 0) {
                last = Math.addExact(last, Math.multiplyExact(t.shape()[i] - 1, t.stride()[i]));
            }
        }
        long available = t.storage().elements();
        if (count > 0 && last >= available) {
            throw new EngineException(path + ": tensor '" + name + "' (shape " + Arrays.toString(t.shape())
                    + ", stride " + Arrays.toString(t.stride()) + ", offset " + t.offset() + ") reads element " + last
                    + " of storage '" + t.storage().key() + "', which holds " + available);
        }
        int w = width(t.storage().dtype());
        long first = storage.dataOffset() + Math.multiplyExact(t.offset(), w);
        return new View(t.storage(), first, count == 0 ? 0 : last - t.offset() + 1, t.shape(), t.stride());
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static int width(String dtype) {
        return TensorEntry.bytesPerElement(dtype);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    /** The strides of a tensor as torch wrote them, in elements. */
    public long[] strides(TensorEntry entry) {
        return viewOf(entry).stride().clone();
    }

    /**
     * The bytes the tensor's view spans, mapped read-only and little-endian: element (i, j, ...)
     * is at {@code width * (i*stride0 + j*stride1 + ...)}. Nothing is copied.
     */
    public ByteBuffer map(TensorEntry entry) {
        View v = viewOf(entry);
        return mapSpan(entry, v, v.spanElements() * width(entry.dtype()));
    }

    private ByteBuffer mapSpan(TensorEntry entry, View v, long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new EngineException(path + ": tensor '" + entry.name() + "' spans more than 2 GiB");
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, v.firstByte(), bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new EngineException(path + ": cannot map tensor '" + entry.name() + "' (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The tensor's bytes, row-major: the mapping itself for a contiguous view (what torch writes
     * for almost every weight), else a direct buffer the strided elements are gathered into, one
     * tensor at a time. Either way {@link #release} frees it at once.
     */
    @Override
    public ByteBuffer bytes(TensorEntry entry) {
        View v = viewOf(entry);
        int width = width(entry.dtype());
        if (StridedFloats.isContiguous(v.shape(), v.stride())) {
            return mapSpan(entry, v, entry.byteLength());
        }
        if (entry.byteLength() > Integer.MAX_VALUE) {
            throw new EngineException(path + ": tensor '" + entry.name() + "' is larger than 2 GiB");
        }
        ByteBuffer mapped = map(entry);
        ByteBuffer out = ByteBuffer.allocateDirect((int) entry.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            StridedBytes.gather(mapped, width, v.shape(), v.stride(), out);
            return out.flip();
        } catch (InternalError e) {
            MappedBuffers.free(out);
            throw truncated(entry, e);
        } finally {
            MappedBuffers.free(mapped);
        }
    }

    /** Unmaps (or frees) the buffer now: mapped pages would otherwise stay resident until a collection. */
    @Override
    public void release(ByteBuffer buffer) {
        MappedBuffers.free(buffer);
    }

    @Override
    public float[] readFloats(TensorEntry entry) {
        View v = viewOf(entry);
        if (!StridedFloats.isFloat(entry.dtype())) {
            throw new EngineException(path + ": tensor '" + entry.name() + "' has dtype " + entry.dtype()
                    + "; only F32, F16 and BF16 weights can be loaded");
        }
        if (entry.elementCount() > Integer.MAX_VALUE - 8) {
            throw new EngineException(path + ": tensor '" + entry.name() + "' has too many elements to load");
        }
        ByteBuffer mapped = map(entry);
        try {
            return StridedFloats.read(mapped, entry.dtype(), v.shape(), v.stride());
        } catch (InternalError e) {
            throw truncated(entry, e);
        } finally {
            MappedBuffers.free(mapped);
        }
    }

    /** A mapped page past the end of a file that shrank after it was opened faults (see SafetensorsFile). */
    private EngineException truncated(TensorEntry entry, InternalError e) {
        return new EngineException(path + ": tensor '" + entry.name() + "' could not be read: the file"
                + " changed or was truncated while it was open", e);
    }

    private View viewOf(TensorEntry entry) {
        View v = views.get(entry.name());
        if (v == null || tensors.get(entry.name()) != entry) {
            throw new IllegalArgumentException(entry.name() + " is not a tensor of " + path);
        }
        return v;
    }

    @Override
    public void close() {
        WeightFile.closeQuietly(channel);
    }
}
