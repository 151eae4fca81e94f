package dev.jacobilens.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.InputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Medusa heads on disk: {@code NAME.safetensors} with each head's tensors under the names of
 * FasterDecoding/Medusa's {@code medusa_lm_head.pt} state dict ({@code K.0.linear.weight} [H, H],
 * {@code K.0.linear.bias} [H], {@code K.1.weight} [V, H] for head K), and beside it
 * {@code NAME.json}: the head count, the sizes, the base model the heads were trained on (its
 * weights' SHA-256, so that heads for another model are refused), the default candidate tree and
 * how the heads were trained.
 */
public final class MedusaHeadsFile {
    public static final String FORMAT = "jacobi-lens medusa heads v1";
    /** The file name beside a model that decoders look for when none is given. */
    public static final String DEFAULT_NAME = "medusa_heads.safetensors";

    private MedusaHeadsFile() {
    }

    /**
     * Heads read from a file, with the description from its json.
     *
     * @param rankAccuracy per head and rank, how often that guess was right on held-out text
     *                     (what candidate trees are built from)
     */
    public record Loaded(Path file, MedusaHeads heads, JsonNode description, double[][] rankAccuracy)
            implements AutoCloseable {

        @Override
        public void close() {
            heads.close();
        }
    }

    /** The description file beside a heads file: NAME.json for NAME.safetensors. */
    public static Path descriptionOf(Path heads) {
        String name = heads.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return heads.resolveSibling(stem + ".json");
    }

    /**
     * Writes the heads (F16) and their description. {@code description} must hold what
     * {@link #load} checks; the sizes are filled in here.
     */
    public static void save(Path file, MedusaHeads heads, ObjectNode description) throws IOException {
        int k = heads.count();
        int h = heads.hiddenSize();
        int v = heads.vocabSize();
        float[] w = heads.blockWeight.toType(DataType.FLOAT32, false).toFloatArray();
        float[] b = heads.blockBias.toType(DataType.FLOAT32, false).toFloatArray();
        float[] lm = heads.lmHeads.toType(DataType.FLOAT32, false).toFloatArray();
        SafetensorsWriter writer = new SafetensorsWriter();
        for (int i = 0; i < k; i++) {
            writer.add(i + ".0.linear.weight", Arrays.copyOfRange(w, i * h * h, (i + 1) * h * h), h, h);
            writer.add(i + ".0.linear.bias", Arrays.copyOfRange(b, i * h, (i + 1) * h), h);
            writer.add(i + ".1.weight", Arrays.copyOfRange(lm, i * v * h, (i + 1) * v * h), v, h);
        }
        writer.write(file, "F16");
        description.put("format", FORMAT);
        description.put("medusa_num_heads", k);
        description.put("medusa_num_layers", 1);
        description.put("hidden_size", h);
        description.put("vocab_size", v);
        description.put("parameters", heads.parameterCount());
        Path json = descriptionOf(file);
        Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), description);
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads heads for {@code model}, whose weights have SHA-256 {@code modelSha256}, onto the
     * model's device in its compute type. Everything is checked before any array is made: the
     * description, that the heads were trained on this very model, and every tensor's name,
     * shape and values.
     */
    public static Loaded load(Path file, LlamaModel model, String modelSha256) {
        JsonNode d = description(file);
        int k = d.path("medusa_num_heads").asInt(-1);
        if (!d.path("medusa_num_heads").isInt() || k < 1) {
            throw new EngineException(descriptionOf(file) + ": medusa_num_heads is " + d.path("medusa_num_heads")
                    + "; a Medusa heads file needs at least one head");
        }
        if (k > MedusaHeads.MAX_HEADS) {
            throw new EngineException(descriptionOf(file) + ": " + k + " heads; at most " + MedusaHeads.MAX_HEADS
                    + " are supported");
        }
        if (d.path("medusa_num_layers").asInt(-1) != 1) {
            throw new EngineException(descriptionOf(file) + ": medusa_num_layers is " + d.path("medusa_num_layers")
                    + "; only one residual block per head is supported");
        }
        String trainedOn = d.path("base_model").path("weights_sha256").asText("");
        if (!trainedOn.equals(modelSha256)) {
            throw new EngineException(file + ": these heads were trained on the model '"
                    + d.path("base_model").path("name").asText("?") + "' (weights sha256 " + abbreviate(trainedOn)
                    + "), not on this one (" + abbreviate(modelSha256) + "); train heads for it with train-medusa");
        }
        LlamaConfig c = model.config();
        int h = c.hiddenSize();
        int v = c.vocabSize();
        if (d.path("hidden_size").asInt(-1) != h || d.path("vocab_size").asInt(-1) != v) {
            throw new EngineException(descriptionOf(file) + ": heads of hidden size " + d.path("hidden_size")
                    + " and vocabulary " + d.path("vocab_size") + " do not fit a model of hidden size " + h
                    + " and vocabulary " + v);
        }
        float[] w = new float[k * h * h];
        float[] b = new float[k * h];
        float[] lm = new float[k * v * h];
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < k; i++) {
                read(f, i + ".0.linear.weight", w, i * h * h, expected, h, h);
                read(f, i + ".0.linear.bias", b, i * h, expected, h);
                read(f, i + ".1.weight", lm, i * v * h, expected, v, h);
            }
            for (String name : f.tensors().keySet()) {
                if (!expected.contains(name)) {
                    throw new EngineException(file + ": unexpected tensor '" + name + "' for " + k + " heads"
                            + " (medusa_num_heads in " + descriptionOf(file).getFileName() + ")");
                }
            }
        }
        NDManager m = model.manager().newSubManager();
        DataType dtype = model.dtype();
        MedusaHeads heads = new MedusaHeads(m, k, h, v, m.create(w, new Shape((long) k * h, h)).toType(dtype, false),
                m.create(b, new Shape((long) k * h)).toType(dtype, false),
                m.create(lm, new Shape(k, v, h)).toType(dtype, false));
        return new Loaded(file, heads, d, rankAccuracy(file, d, k));
    }

    /** The description's held_out_rank_accuracy: K rows of shares in [0, 1], most likely rank first. */
    private static double[][] rankAccuracy(Path file, JsonNode d, int heads) {
        JsonNode rows = d.path("held_out_rank_accuracy");
        if (!rows.isArray() || rows.size() != heads) {
            throw new EngineException(descriptionOf(file) + ": held_out_rank_accuracy must hold one row per head ("
                    + heads + "); candidate trees are built from it");
        }
        double[][] out = new double[heads][];
        for (int k = 0; k < heads; k++) {
            JsonNode row = rows.get(k);
            if (!row.isArray() || row.isEmpty()) {
                throw new EngineException(descriptionOf(file) + ": held_out_rank_accuracy row " + k + " is not a list"
                        + " of shares");
            }
            out[k] = new double[row.size()];
            for (int r = 0; r < row.size(); r++) {
                double a = row.get(r).asDouble(-1);
                if (!row.get(r).isNumber() || a < 0 || a > 1) {
                    throw new EngineException(descriptionOf(file) + ": held_out_rank_accuracy[" + k + "][" + r
                            + "] is " + row.get(r) + ", not a share between 0 and 1");
                }
                out[k][r] = a;
            }
        }
        return out;
    }

    private static JsonNode description(Path file) {
        String problem = InputFiles.problem(file);
        if (problem != null) {
            throw new EngineException(file + ": Medusa heads file " + problem
                    + " (train heads with 'jacobi-lens train-medusa')");
        }
        Path json = descriptionOf(file);
        String jsonProblem = InputFiles.problem(json);
        if (jsonProblem != null) {
            throw new EngineException(json + ": the heads' description " + jsonProblem
                    + " (it is written beside the heads by train-medusa)");
        }
        JsonNode d;
        try {
            d = new ObjectMapper().readTree(json.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EngineException(json + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new EngineException(json + ": cannot read (" + e.getMessage() + ")");
        }
        if (d == null || !d.isObject() || !FORMAT.equals(d.path("format").asText())) {
            throw new EngineException(json + ": not a Medusa heads description (expected \"format\": \"" + FORMAT
                    + "\")");
        }
        return d;
    }

    private static void read(SafetensorsFile f, String name, float[] into, int offset, Set<String> expected,
                             long... shape) {
        expected.add(name);
        TensorEntry e = f.tensors().get(name);
        if (e == null) {
            throw new EngineException(f.path() + ": tensor '" + name + "' is missing");
        }
        if (!Arrays.equals(e.shape(), shape)) {
            throw new EngineException(f.path() + ": tensor '" + name + "' has shape " + e.shapeText() + " but the"
                    + " heads' description implies " + Arrays.toString(shape));
        }
        float[] values = f.readFloats(e);
        for (float x : values) {
            if (!Float.isFinite(x)) {
                throw new EngineException(f.path() + ": tensor '" + name + "' holds non-finite values");
            }
        }
        System.arraycopy(values, 0, into, offset, values.length);
    }

    private static String abbreviate(String sha) {
        return sha == null || sha.isEmpty() ? "unknown" : sha.substring(0, Math.min(12, sha.length())) + "…";
    }
}
