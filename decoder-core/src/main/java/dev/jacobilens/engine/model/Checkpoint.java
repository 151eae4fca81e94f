package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.torchbin.TorchBinFile;
import dev.jacobilens.store.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Hugging Face model directory: {@code config.json}, the weights in {@code model.safetensors}
 * or shards listed by {@code model.safetensors.index.json} (else PyTorch's {@code pytorch_model.bin}
 * or its {@code pytorch_model.bin.index.json} shards, read without running their pickles: see
 * {@link TorchBinFile}), and {@code tokenizer.json}. Safetensors wins when both are present.
 * Opening it validates every file's presence and every header; tensors are read on demand.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Path dir;
    private final LlamaConfig config;
    private final List<WeightFile> files;
    private final Map<String, WeightFile> owner;
    private final Set<String> read = new java.util.HashSet<>();
    private final List<String> nonFinite = new ArrayList<>();

    private Checkpoint(Path dir, LlamaConfig config, List<WeightFile> files, Map<String, WeightFile> owner) {
        this.dir = dir;
        this.config = config;
        this.files = files;
        this.owner = owner;
    }

    public static Checkpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new EngineException(dir + ": model directory does not exist");
        }
        LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
        String tokenizerProblem = InputFiles.problem(dir.resolve("tokenizer.json"));
        if (tokenizerProblem != null) {
            throw new EngineException(dir.resolve("tokenizer.json") + ": " + (tokenizerProblem.equals("no such file")
                    ? "tokenizer.json is missing" : tokenizerProblem));
        }
        // Where tensors come from: each file is a WeightFile (safetensors or a PyTorch .bin); loading is the same.
        List<WeightFile> files = new ArrayList<>();
        Map<String, WeightFile> owner = new HashMap<>();
        try {
            // Not only regular files count as present: a FIFO is then refused by name.
            if (Files.exists(dir.resolve(SINGLE))) {
                openSingle(SafetensorsFile.open(dir.resolve(SINGLE)), files, owner);
            } else if (Files.exists(dir.resolve(INDEX))) {
                openShards(dir, INDEX, SafetensorsFile::open, files, owner);
            } else if (Files.exists(dir.resolve(TorchBinFile.SINGLE))) {
                openSingle(TorchBinFile.open(dir.resolve(TorchBinFile.SINGLE)), files, owner);
            } else if (Files.exists(dir.resolve(TorchBinFile.INDEX))) {
                openShards(dir, TorchBinFile.INDEX, TorchBinFile::open, files, owner);
            } else {
                throw new EngineException(dir + ": no weights: expected " + SINGLE + " or " + INDEX + " (or "
                        + TorchBinFile.SINGLE + " or " + TorchBinFile.INDEX + ")");
            }
        } catch (RuntimeException e) {
            files.forEach(WeightFile::close);
            throw e;
        }
        requireComputableDtypes(files);
        return new Checkpoint(dir, config, files, owner);
    }

    /**
     * Integer or 8-bit float weights (quantised exports) cannot be computed with; say so at open
     * time, naming the file and a tensor, not after loading gigabytes of the other tensors.
     */
    private static void requireComputableDtypes(List<WeightFile> files) {
        for (WeightFile f : files) {
            for (TensorEntry e : f.tensors().values()) {
                if (!COMPUTABLE.contains(e.dtype()) && !e.name().endsWith("rotary_emb.inv_freq")) {
                    files.forEach(WeightFile::close);
                    throw new EngineException(f.path() + ": tensor '" + e.name() + "' is stored as " + e.dtype()
                            + "; weights must be F32, F16 or BF16 (a quantised checkpoint cannot be computed here)");
                }
            }
        }
    }

    private static final Set<String> COMPUTABLE = Set.of("F32", "F16", "BF16");

    private static void openSingle(WeightFile f, List<WeightFile> files, Map<String, WeightFile> owner) {
        files.add(f);
        f.tensors().keySet().forEach(name -> owner.put(name, f));
    }

    /**
     * The {@code weight_map} of a shard index ({@code model.safetensors.index.json} or
     * {@code pytorch_model.bin.index.json}): tensor name to shard file, non-empty, or an error
     * naming the index.
     */
    public static JsonNode weightMap(Path index) {
        String problem = InputFiles.problem(index);
        if (problem != null) {
            throw new EngineException(index + ": " + problem);
        }
        JsonNode map;
        try {
            map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new EngineException(index + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!map.isObject() || map.size() == 0) {
            throw new EngineException(index + ": has no weight_map");
        }
        return map;
    }

    private static void openShards(Path dir, String indexName, Function<Path, WeightFile> opener,
                                   List<WeightFile> files, Map<String, WeightFile> owner) {
        Path index = dir.resolve(indexName);
        JsonNode map = weightMap(index);
        Map<String, WeightFile> byFile = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            if (shard.contains("/") || shard.contains("\\") || shard.isEmpty()) {
                throw new EngineException(index + ": weight_map entry '" + e.getKey() + "' names an invalid shard '" + shard + "'");
            }
            WeightFile f = byFile.get(shard);
            if (f == null) {
                f = opener.apply(dir.resolve(shard));
                byFile.put(shard, f);
                files.add(f);
            }
            if (!f.tensors().containsKey(e.getKey())) {
                throw new EngineException(f.path() + ": tensor '" + e.getKey() + "' listed in " + indexName + " is not in this shard");
            }
            owner.put(e.getKey(), f);
        }
    }

    public Path dir() {
        return dir;
    }

    public LlamaConfig config() {
        return config;
    }

    public boolean has(String name) {
        return owner.containsKey(name);
    }

    /**
     * Puts a weight into the engine in {@code dtype} after checking its shape, streamed from its
     * file: no copy on the Java heap, the file's bytes released before this returns (see
     * {@link TensorUpload}).
     */
    public NDArray load(String name, NDManager manager, DataType dtype, long... expectedShape) {
        WeightFile f = owner.get(name);
        TensorEntry e = entry(f, name, expectedShape);
        NDArray values = TensorUpload.upload(f, e, manager, dtype);
        read.add(name);
        long bad = NonFinite.count(values);
        if (bad > 0) {
            nonFinite.add(f.path() + ": tensor '" + name + "' holds " + bad + " non-finite values (NaN or infinity)");
        }
        return values;
    }

    private TensorEntry entry(WeightFile f, String name, long[] expectedShape) {
        if (f == null) {
            throw new EngineException(dir + ": weight '" + name + "' is missing from the checkpoint");
        }
        TensorEntry e = f.tensors().get(name);
        if (!Arrays.equals(e.shape(), expectedShape)) {
            throw new EngineException(f.path() + ": tensor '" + name + "' has shape " + e.shapeText()
                    + " but config.json implies " + Arrays.toString(expectedShape));
        }
        return e;
    }

    /** Reads a weight as floats on the Java heap after checking its shape (small tensors only). */
    public float[] floats(String name, long... expectedShape) {
        WeightFile f = owner.get(name);
        TensorEntry e = entry(f, name, expectedShape);
        float[] values = f.readFloats(e);
        read.add(name);
        int bad = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                bad++;
            }
        }
        if (bad > 0) {
            nonFinite.add(f.path() + ": tensor '" + name + "' holds " + bad + " non-finite values (NaN or infinity)");
        }
        return values;
    }

    /**
     * Refuses weights the config does not use: a config with fewer layers than the file would
     * otherwise run a truncated model without a word. Rotary inv_freq buffers, which older
     * exports include, are derived from the config and ignored.
     */
    public void requireAllRead() {
        List<String> unused = new ArrayList<>();
        for (String name : owner.keySet()) {
            if (!read.contains(name) && !name.endsWith("rotary_emb.inv_freq")) {
                unused.add(name);
            }
        }
        if (!unused.isEmpty()) {
            unused.sort(null);
            throw new EngineException(dir + ": " + unused.size() + " weights are not used by config.json (e.g. '"
                    + unused.get(0) + "'); does num_hidden_layers (" + config.numLayers() + ") or"
                    + " tie_word_embeddings match the weights?");
        }
    }

    /** One line per weight that held NaN or infinite values, for a warning. */
    public List<String> nonFiniteWeights() {
        return List.copyOf(nonFinite);
    }

    /** The dtypes of the stored weights, e.g. [F32] or [BF16]. */
    public Set<String> storedDtypes() {
        Set<String> out = new LinkedHashSet<>();
        files.forEach(f -> f.tensors().values().forEach(t -> out.add(t.dtype())));
        return out;
    }

    /**
     * SHA-256 of the weight files, in order. Files past 2 GiB in total are fingerprinted by their
     * headers and sizes instead ("header-sha256:"), so opening a 7B model does not read 13 GB.
     */
    public String weightsChecksum() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long total = 0;
            for (WeightFile f : files) {
                total += Files.size(f.path());
            }
            boolean full = total <= (2L << 30);
            byte[] buf = new byte[1 << 16];
            for (WeightFile f : files) {
                try (InputStream in = Files.newInputStream(f.path())) {
                    if (full) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            md.update(buf, 0, n);
                        }
                    } else {
                        md.update(in.readNBytes(1 << 20));
                        md.update(Long.toString(Files.size(f.path())).getBytes());
                    }
                }
            }
            return (full ? "" : "header-sha256:") + HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new EngineException(dir + ": cannot read weights for checksum (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        files.forEach(WeightFile::close);
    }
}
