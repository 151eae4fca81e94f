package dev.jacobilens.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.LlamaParameters;
import dev.jacobilens.store.ModelInfo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Loads Hugging Face Llama model directories. */
public final class Models {
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
        Device target = resolveDevice(device);
        DataType dtype = target.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        progress.accept("reading " + dir.resolve("config.json"));
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
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
                String name = dir.toAbsolutePath().normalize().getFileName() == null ? dir.toString()
                        : dir.toAbsolutePath().normalize().getFileName().toString();
                ModelInfo info = new ModelInfo(name, ModelInfo.projectDirectory(dir, projectHome()),
                        ckpt.weightsChecksum(), summary);
                return new LoadedModel(model, tokenizer, info);
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

    /** The project's home (system property jacobilens.home, which bin/jacobi-lens sets), else the working directory. */
    static Path projectHome() {
        return Path.of(System.getProperty("jacobilens.home", "."));
    }

    /** "auto", "cpu" or "gpu" as a DJL device; an EngineException for a GPU that is not there. */
    public static Device resolveDevice(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase();
        int gpus = PyTorch.gpuCount();
        switch (d) {
            case "auto":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    throw new EngineException("device 'gpu' was asked for but the PyTorch engine sees no GPU"
                            + " (this build bundles the CPU PyTorch library; see README, 'Running on a GPU')");
                }
                return Device.gpu();
            default:
                throw new EngineException("unknown device '" + device + "' (use auto, cpu or gpu)");
        }
    }

    /** The engine is looked up lazily so that a broken native library is reported, not fatal. */
    static final class PyTorch {
        private PyTorch() {
        }

        static Engine engine() {
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
