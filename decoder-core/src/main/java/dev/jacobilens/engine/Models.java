package dev.jacobilens.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.engine.template.PromptTemplate;
import dev.jacobilens.store.ModelInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Loads Hugging Face Llama model directories. */
public final class Models {
    private static final String NO_GPU_HINT = " (the bundled PyTorch library is CPU-only: pass --torch with a CUDA"
            + " PyTorch; see README, 'Running on a GPU', and 'jacobi-lens devices')";

    private Models() {
    }

    public static LoadedModel load(Path dir, String device) {
        return load(dir, device, message -> { });
    }

    /**
     * Loads config, weights and tokenizer from a model directory onto a device.
     *
     * @param device   "auto" (a GPU when DJL sees one, else the CPU), "cpu" or "gpu"
     * @param progress receives short human-readable steps ("reading config.json", …)
     * @throws EngineException naming the file and the problem when anything is missing or wrong
     */
    public static LoadedModel load(Path dir, String device, Consumer<String> progress) {
        return load(dir, device, PromptTemplate.NONE, progress);
    }

    /**
     * As {@link #load(Path, String, Consumer)}, with a prompt template: {@code auto} (the model's
     * chat template, if it has one), {@code none} or a Jinja file ({@link PromptTemplate#choose}).
     * The template is checked before any weight is read, so a broken one costs nothing.
     */
    public static LoadedModel load(Path dir, String device, String template, Consumer<String> progress) {
        Device target = resolveDevice(device);
        progress.accept("reading " + dir.resolve("config.json"));
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            PromptTemplate prompts = PromptTemplate.choose(dir, template);
            DataType dtype = ComputeDtype.choose(target, ckpt.storedDtypes());
            progress.accept("loading tokenizer");
            TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("tokenizer.json"));
            VocabularyCheck.require(dir, ckpt.config(), tokenizer);
            NDManager manager = null;
            try {
                manager = PyTorch.newManager(target);
                progress.accept("loading " + ckpt.config().numLayers() + " layers onto " + target);
                LlamaParameters params = LlamaParameters.load(ckpt, manager, dtype);
                LlamaModel model = new LlamaModel(ckpt.config(), params, manager, dtype);
                progress.accept("checksumming weights");
                Map<String, Object> summary = new LinkedHashMap<>(ckpt.config().summary());
                summary.put("stored_dtypes", String.join(",", ckpt.storedDtypes()));
                summary.put("compute_dtype", dtype.toString());
                if (prompts != null) {
                    summary.put("prompt_template", prompts.name());
                }
                String name = dir.toAbsolutePath().normalize().getFileName() == null ? dir.toString()
                        : dir.toAbsolutePath().normalize().getFileName().toString();
                ModelInfo info = new ModelInfo(name, ModelInfo.projectDirectory(dir, projectHome()),
                        ckpt.weightsChecksum(), summary);
                return new LoadedModel(model, tokenizer, info, prompts, dir);
            } catch (RuntimeException | Error e) {
                tokenizer.close();
                if (manager != null) {
                    manager.close();
                }
                if (e instanceof OutOfMemoryError) {
                    throw new EngineException(dir + ": not enough memory to load this model on " + target, e);
                }
                throw e;
            }
        }
    }

    /**
     * What loading would refuse before it reads any weight: config.json, every weights file's
     * header (a shard cut short is caught here), tokenizer.json's presence and the prompt
     * template. Cheap enough to run before freeing models that a new run would replace.
     */
    public static void check(Path dir, String template) {
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            PromptTemplate.choose(dir, template);
        }
    }

    /** The project's home (system property jacobilens.home, which bin/jacobi-lens sets), else the working directory. */
    static Path projectHome() {
        return Path.of(System.getProperty("jacobilens.home", "."));
    }

    /** "auto", "cpu" or "gpu" as a DJL device; an EngineException for a GPU that is not there. */

    /** "cpu" and "gpu:N" for every GPU the engine sees, in that order. */
    public static List<String> availableDevices() {
        List<String> out = new ArrayList<>();
        out.add("cpu");
        for (int i = 0; i < PyTorch.gpuCount(); i++) {
            out.add("gpu:" + i);
        }
        return out;
    }

    /**
     * "auto", "cpu", "gpu" or "gpu:N" as a DJL device; an EngineException for a GPU that is not
     * there.
     */
    public static Device resolveDevice(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase();
        int gpus = PyTorch.gpuCount();
        if (d.startsWith("gpu:")) {
            int index;
            try {
                index = Integer.parseInt(d.substring(4));
            } catch (NumberFormatException e) {
                throw new EngineException("unknown device '" + device + "' (use auto, cpu, gpu or gpu:N)");
            }
            if (index < 0 || index >= gpus) {
                throw new EngineException("device '" + device + "' was asked for but the PyTorch engine sees "
                        + gpus + " GPU(s)" + (gpus == 0 ? NO_GPU_HINT : ""));
            }
            return Device.gpu(index);
        }
        switch (d) {
            case "auto":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    throw new EngineException("device 'gpu' was asked for but the PyTorch engine sees no GPU"
                            + NO_GPU_HINT);
                }
                return Device.gpu();
            default:
                throw new EngineException("unknown device '" + device + "' (use auto, cpu, gpu or gpu:N)");
        }
    }

    /** The engine is looked up lazily so that a broken native library is reported, not fatal. */
    public static final class PyTorch {
        private PyTorch() {
        }

        public static Engine engine() {
            try {
                return Engine.getEngine("PyTorch");
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new EngineException("the PyTorch engine could not start: " + e.getMessage(), e);
            }
        }

        static int gpuCount() {
            return engine().getGpuCount();
        }

        static NDManager newManager(Device device) {
            return engine().newBaseManager(device);
        }
    }
}
