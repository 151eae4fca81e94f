package dev.jacobilens.engine.model.torchbin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes archives laid out as torch.save writes them (uncompressed entries under one folder). */
final class TorchZips {
    private TorchZips() {
    }

    static Path write(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, "archive/data.pkl", pickle);
            for (Map.Entry<String, byte[]> s : storages.entrySet()) {
                stored(zip, "archive/data/" + s.getKey(), s.getValue());
            }
            stored(zip, "archive/version", "3\n".getBytes());
        }
        return file;
    }

    /**
     * The same archive with every size and offset in ZIP64 form (0xffffffff in the directory,
     * the real values in ZIP64 extra fields, a ZIP64 end record and its locator), as torch
     * writes shards past 4 GiB, and with 64-byte-aligned data as torch pads it.
     */
    static Path writeZip64(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        java.util.LinkedHashMap<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream dir = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(e.getValue());
            long offset = out.size();
            int pad = (int) ((64 - (offset + 30 + name.length + 4) % 64) % 64);
            le(out, 0x04034b50, 4);
            le(out, 45, 2);
            le(out, 0, 2);
            le(out, 0, 2);
            le(out, 0, 4);
            le(out, crc.getValue(), 4);
            le(out, e.getValue().length, 4);
            le(out, e.getValue().length, 4);
            le(out, name.length, 2);
            le(out, 4 + pad, 2);
            out.write(name);
            le(out, 0x4246, 2); // torch's "FB" padding field
            le(out, pad, 2);
            out.write(new byte[pad]);
            out.write(e.getValue());
            le(dir, 0x02014b50, 4);
            le(dir, 45, 2);
            le(dir, 45, 2);
            le(dir, 0, 2);
            le(dir, 0, 2);
            le(dir, 0, 4);
            le(dir, crc.getValue(), 4);
            le(dir, 0xffffffffL, 4);
            le(dir, 0xffffffffL, 4);
            le(dir, name.length, 2);
            le(dir, 28, 2);
            le(dir, 0, 2);
            le(dir, 0, 2);
            le(dir, 0, 2);
            le(dir, 0, 4);
            le(dir, 0xffffffffL, 4);
            dir.write(name);
            le(dir, 0x0001, 2);
            le(dir, 24, 2);
            le(dir, e.getValue().length, 8);
            le(dir, e.getValue().length, 8);
            le(dir, offset, 8);
        }
        long dirOffset = out.size();
        out.write(dir.toByteArray());
        long end64 = out.size();
        le(out, 0x06064b50, 4);
        le(out, 44, 8);
        le(out, 45, 2);
        le(out, 45, 2);
        le(out, 0, 4);
        le(out, 0, 4);
        le(out, entries.size(), 8);
        le(out, entries.size(), 8);
        le(out, dir.size(), 8);
        le(out, dirOffset, 8);
        le(out, 0x07064b50, 4);
        le(out, 0, 4);
        le(out, end64, 8);
        le(out, 1, 4);
        le(out, 0x06054b50, 4);
        le(out, 0, 4);
        le(out, 0xffff, 2);
        le(out, 0xffff, 2);
        le(out, 0xffffffffL, 4);
        le(out, 0xffffffffL, 4);
        le(out, 0, 2);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void le(java.io.ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
