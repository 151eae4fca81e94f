package dev.jacobilens.engine.model.torchbin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.SafetensorsFile;
import dev.jacobilens.engine.model.TensorEntry;
import dev.jacobilens.store.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a safetensors copy of a model folder's PyTorch weights beside them: {@code
 * pytorch_model.bin} becomes {@code model.safetensors}; shards {@code pytorch_model-K-of-N.bin}
 * become {@code model-K-of-N.safetensors} with {@code model.safetensors.index.json}, as
 * transformers names them. Tensors keep their stored dtype and bytes (strided views are written
 * row-major); they stream from the memory-mapped archive through a 1 MiB buffer, so a 15 GB
 * model needs no more heap than a small one. Each file is written atomically, the index last,
 * and an existing safetensors copy is refused rather than replaced: it is what the loader reads.
 */
public final class SafetensorsConversion {
    /** What was written: the files, their tensors and their data bytes. */
    public record Result(List<Path> files, int tensors, long dataBytes) {
    }

    private static final Pattern SHARD = Pattern.compile("pytorch_model(-\\d+-of-\\d+)\\.bin");
    private static final int CHUNK = 1 << 20;

    private SafetensorsConversion() {
    }

    public static Result convert(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new EngineException(dir + ": model directory does not exist");
        }
        for (String existing : new String[] {Checkpoint.SINGLE, Checkpoint.INDEX}) {
            if (Files.exists(dir.resolve(existing))) {
                throw new EngineException(dir.resolve(existing) + ": already exists (the loader reads it before any"
                        + " .bin file); remove it to convert again");
            }
        }
        Map<String, List<String>> shards = sources(dir);
        List<Path> written = new ArrayList<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        int tensors = 0;
        long total = 0;
        for (Map.Entry<String, List<String>> shard : shards.entrySet()) {
            String target = shards.size() == 1 && shard.getKey().equals(TorchBinFile.SINGLE) ? Checkpoint.SINGLE
                    : targetName(shard.getKey());
            Path out = dir.resolve(target);
            try (TorchBinFile bin = TorchBinFile.open(dir.resolve(shard.getKey()))) {
                List<TensorEntry> entries = new ArrayList<>();
                for (String name : shard.getValue() == null ? bin.tensors().keySet() : shard.getValue()) {
                    TensorEntry e = bin.tensors().get(name);
                    if (e == null) {
                        throw new EngineException(bin.path() + ": tensor '" + name + "' listed in "
                                + TorchBinFile.INDEX + " is not in this shard");
                    }
                    entries.add(e);
                }
                long[] bytes = {0};
                AtomicFiles.write(out, os -> bytes[0] = write(os, bin, entries));
                SafetensorsFile.open(out).close(); // what the loader will check, checked now
                entries.forEach(e -> weightMap.put(e.name(), target));
                tensors += entries.size();
                total += bytes[0];
                written.add(out);
            }
        }
        if (shards.size() > 1 || !shards.containsKey(TorchBinFile.SINGLE)) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode index = json.createObjectNode();
            index.putObject("metadata").put("total_size", total);
            ObjectNode map = index.putObject("weight_map");
            weightMap.forEach(map::put);
            Path out = dir.resolve(Checkpoint.INDEX);
            AtomicFiles.write(out, os -> os.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(index)));
            written.add(out);
        }
        return new Result(written, tensors, total);
    }

    /** Each source file with the tensors the index assigns to it (null: all of a single file's). */
    private static Map<String, List<String>> sources(Path dir) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (Files.exists(dir.resolve(TorchBinFile.SINGLE))) {
            out.put(TorchBinFile.SINGLE, null);
            return out;
        }
        Path index = dir.resolve(TorchBinFile.INDEX);
        if (!Files.exists(index)) {
            throw new EngineException(dir + ": no PyTorch weights to convert: expected " + TorchBinFile.SINGLE
                    + " or " + TorchBinFile.INDEX);
        }
        JsonNode map = Checkpoint.weightMap(index);
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            if (shard.contains("/") || shard.contains("\\") || !shard.endsWith(".bin")) {
                throw new EngineException(index + ": weight_map entry '" + e.getKey() + "' names an invalid shard '"
                        + shard + "'");
            }
            out.computeIfAbsent(shard, s -> new ArrayList<>()).add(e.getKey());
        }
        return out;
    }

    /** pytorch_model-00001-of-00002.bin becomes model-00001-of-00002.safetensors, as transformers names it. */
    static String targetName(String shard) {
        Matcher m = SHARD.matcher(shard);
        String stem = m.matches() ? "model" + m.group(1) : shard.substring(0, shard.length() - ".bin".length());
        return stem + ".safetensors";
    }

    /** The safetensors header and every tensor's bytes, in row-major order; returns the data bytes. */
    private static long write(OutputStream os, TorchBinFile bin, List<TensorEntry> entries) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (TensorEntry e : entries) {
            ObjectNode t = header.putObject(e.name());
            t.put("dtype", e.dtype());
            var shape = t.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            long end = offset + e.byteLength();
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] text = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8; // tensor data 8-byte aligned, as SafetensorsWriter does
        os.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        os.write(text);
        for (int i = text.length; i < padded; i++) {
            os.write(' ');
        }
        byte[] chunk = new byte[CHUNK];
        for (TensorEntry e : entries) {
            ByteBuffer bytes = bin.bytes(e); // row-major, the mapping itself for a contiguous view
            try {
                while (bytes.hasRemaining()) {
                    int n = Math.min(chunk.length, bytes.remaining());
                    bytes.get(chunk, 0, n);
                    os.write(chunk, 0, n);
                }
            } catch (InternalError fault) {
                throw new EngineException(bin.path() + ": tensor '" + e.name() + "' could not be read: the file"
                        + " changed or was truncated while it was open", fault);
            } finally {
                bin.release(bytes);
            }
        }
        return offset;
    }
}
