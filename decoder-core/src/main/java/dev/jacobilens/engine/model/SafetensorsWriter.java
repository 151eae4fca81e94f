package dev.jacobilens.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float tensors as a safetensors file in F32, F16 or BF16. The file is written beside
 * its destination and moved into place, so a crash never leaves a half-written checkpoint.
 */
public final class SafetensorsWriter {
    private final Map<String, float[]> data = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public SafetensorsWriter add(String name, float[] values, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + java.util.Arrays.toString(shape));
        }
        data.put(name, values);
        shapes.put(name, shape);
        return this;
    }

    public void write(Path file, String dtype) throws IOException {
        int width = TensorEntry.bytesPerElement(dtype);
        if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("BF16")) {
            throw new IllegalArgumentException("cannot write dtype " + dtype);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, float[]> e : data.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype);
            var shape = t.putArray("shape");
            for (long d : shapes.get(e.getKey())) {
                shape.add(d);
            }
            long end = offset + (long) e.getValue().length * width;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8; // keep tensor data 8-byte aligned
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (int i = headerBytes.length; i < padded; i++) {
                out.write(' ');
            }
            for (float[] values : data.values()) {
                ByteBuffer buf = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    switch (dtype) {
                        case "F32": buf.putFloat(v); break;
                        case "F16": buf.putShort(HalfFloat.fromFloat(v)); break;
                        default: buf.putShort(HalfFloat.bf16FromFloat(v)); break;
                    }
                }
                out.write(buf.array());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
