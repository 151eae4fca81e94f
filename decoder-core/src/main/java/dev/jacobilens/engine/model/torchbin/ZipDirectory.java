package dev.jacobilens.engine.model.torchbin;

import dev.jacobilens.engine.EngineException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a zip archive as byte ranges of the file, for PyTorch's checkpoint format,
 * which stores every entry uncompressed so that storages can be memory-mapped in place.
 * java.util.zip cannot say where an entry's data starts, so the central directory (ZIP64
 * included: shards of 7B models pass 4 GiB) and each local header are read here. Every offset
 * and size is checked against the file's length before it is believed.
 */
final class ZipDirectory {
    /** One stored entry: its data is bytes [dataOffset, dataOffset + size) of the file. */
    record Entry(String name, long dataOffset, long size, int crc) {
    }

    private static final int EOCD = 0x06054b50;
    private static final int EOCD64 = 0x06064b50;
    private static final int EOCD64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long U32_MAX = 0xffffffffL;
    /** A state dict's directory holds a few entries per tensor; anything near this is not one. */
    private static final long MAX_DIRECTORY = 64L << 20;

    private ZipDirectory() {
    }

    static Map<String, Entry> read(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 22) {
            throw corrupt(path, "only " + size + " bytes, too short for a zip archive");
        }
        // The end record is the last 22 bytes plus a comment of at most 65535 bytes.
        int tailLength = (int) Math.min(size, 22 + 65535);
        ByteBuffer tail = readAt(ch, size - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw corrupt(path, "no zip end-of-directory record (truncated, or not a zip archive)");
        }
        long entries = tail.getShort(eocd + 10) & 0xffff;
        long dirSize = tail.getInt(eocd + 12) & U32_MAX;
        long dirOffset = tail.getInt(eocd + 16) & U32_MAX;
        long eocdPosition = size - tailLength + eocd;
        if (entries == 0xffff || dirSize == U32_MAX || dirOffset == U32_MAX) {
            long[] zip64 = readZip64End(path, ch, eocdPosition);
            entries = zip64[0];
            dirSize = zip64[1];
            dirOffset = zip64[2];
        }
        if (dirSize < 0 || dirSize > MAX_DIRECTORY || dirOffset < 0 || dirOffset > eocdPosition - dirSize) {
            throw corrupt(path, "zip directory of " + dirSize + " bytes at " + dirOffset
                    + " lies outside the file (" + size + " bytes; truncated?)");
        }
        ByteBuffer dir = readAt(ch, dirOffset, (int) dirSize);
        Map<String, Entry> out = new LinkedHashMap<>();
        int at = 0;
        for (long n = 0; n < entries; n++) {
            if (at + 46 > dir.limit() || dir.getInt(at) != CENTRAL) {
                throw corrupt(path, "zip directory entry " + n + " of " + entries + " is damaged");
            }
            int flags = dir.getShort(at + 8) & 0xffff;
            int method = dir.getShort(at + 10) & 0xffff;
            int crc = dir.getInt(at + 16);
            long compressed = dir.getInt(at + 20) & U32_MAX;
            long uncompressed = dir.getInt(at + 24) & U32_MAX;
            int nameLength = dir.getShort(at + 28) & 0xffff;
            int extraLength = dir.getShort(at + 30) & 0xffff;
            int commentLength = dir.getShort(at + 32) & 0xffff;
            long localOffset = dir.getInt(at + 42) & U32_MAX;
            int end = at + 46 + nameLength + extraLength + commentLength;
            if (end > dir.limit()) {
                throw corrupt(path, "zip directory entry " + n + " runs past the directory");
            }
            String name = new String(bytes(dir, at + 46, nameLength), StandardCharsets.UTF_8);
            long[] wide = zip64Fields(dir, at + 46 + nameLength, extraLength, uncompressed, compressed, localOffset);
            uncompressed = wide[0];
            compressed = wide[1];
            localOffset = wide[2];
            if ((flags & 1) != 0) {
                throw corrupt(path, "zip entry '" + name + "' is encrypted");
            }
            if (method != 0 || compressed != uncompressed) {
                throw corrupt(path, "zip entry '" + name + "' is compressed (method " + method + "); PyTorch"
                        + " checkpoints store their entries uncompressed");
            }
            long dataOffset = localData(path, ch, name, localOffset, size);
            if (uncompressed < 0 || uncompressed > size - dataOffset) {
                throw corrupt(path, "zip entry '" + name + "' declares " + uncompressed + " bytes at " + dataOffset
                        + " but the file has " + size + " bytes (truncated?)");
            }
            if (out.put(name, new Entry(name, dataOffset, uncompressed, crc)) != null) {
                throw corrupt(path, "zip entry '" + name + "' appears twice");
            }
            at = end;
        }
        return Collections.unmodifiableMap(out);
    }

    /** Entries, directory size and offset from the ZIP64 end record the locator points to. */
    private static long[] readZip64End(Path path, FileChannel ch, long eocdPosition) throws IOException {
        if (eocdPosition < 20) {
            throw corrupt(path, "ZIP64 archive without its end-record locator");
        }
        ByteBuffer locator = readAt(ch, eocdPosition - 20, 20);
        if (locator.getInt(0) != EOCD64_LOCATOR) {
            throw corrupt(path, "ZIP64 archive without its end-record locator");
        }
        long at = locator.getLong(8);
        if (at < 0 || at > eocdPosition - 20 - 56) { // compared so that no sum can overflow
            throw corrupt(path, "ZIP64 end record at " + at + " lies outside the file");
        }
        ByteBuffer end = readAt(ch, at, 56);
        if (end.getInt(0) != EOCD64) {
            throw corrupt(path, "ZIP64 end record is damaged");
        }
        return new long[] {end.getLong(32), end.getLong(40), end.getLong(48)};
    }

    /** The 64-bit sizes and offset from a ZIP64 extra field, for the fields marked 0xffffffff. */
    private static long[] zip64Fields(ByteBuffer dir, int start, int length, long uncompressed, long compressed,
                                      long localOffset) {
        long[] out = {uncompressed, compressed, localOffset};
        int at = start;
        while (at + 4 <= start + length) {
            int id = dir.getShort(at) & 0xffff;
            int size = dir.getShort(at + 2) & 0xffff;
            if (id == 0x0001) {
                int field = at + 4;
                for (int i = 0; i < 3; i++) {
                    if (out[i] == U32_MAX && field + 8 <= at + 4 + size) {
                        out[i] = dir.getLong(field);
                        field += 8;
                    }
                }
            }
            at += 4 + size;
        }
        return out;
    }

    /** Where an entry's data starts: after its local header, whose name and extra field vary. */
    private static long localData(Path path, FileChannel ch, String name, long localOffset, long size)
            throws IOException {
        if (localOffset < 0 || localOffset > size - 30) {
            throw corrupt(path, "zip entry '" + name + "' has its header outside the file (truncated?)");
        }
        ByteBuffer header = readAt(ch, localOffset, 30);
        if (header.getInt(0) != LOCAL) {
            throw corrupt(path, "zip entry '" + name + "' has a damaged local header");
        }
        return localOffset + 30 + (header.getShort(26) & 0xffff) + (header.getShort(28) & 0xffff);
    }

    static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
        return buf.flip();
    }

    private static byte[] bytes(ByteBuffer buf, int at, int length) {
        byte[] out = new byte[length];
        buf.get(at, out);
        return out;
    }

    private static EngineException corrupt(Path path, String problem) {
        return new EngineException(path + ": " + problem);
    }
}
