package dev.jacobilens.engine.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Platform;
import ai.djl.util.cuda.CudaUtils;
import dev.jacobilens.engine.ComputeDtype;
import dev.jacobilens.engine.Models;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the PyTorch engine sees: versions, the library it loaded, and every device with the type
 * a model computes in there. The same list feeds {@code jacobi-lens devices} and the app's
 * device choice. Starting the engine is the caller's decision: {@link #describe} starts it.
 */
public record EngineReport(String djlVersion, String torchVersion, String libtorchPath, String flavor,
                           String jniLibrary, String source, List<DeviceInfo> devices) {

    /**
     * One device.
     *
     * @param id          what --device takes: "cpu" or "gpu:N"
     * @param name        the processor's or GPU's name
     * @param memoryBytes total memory (system memory for the CPU), -1 when unknown
     * @param dtype       the compute type a model loaded there uses, "float32", "float16", …
     */
    public record DeviceInfo(String id, String name, long memoryBytes, String dtype) {
        /** One line for a list: "gpu:0  NVIDIA H200, 140 GiB, float16". */
        public String label() {
            String memory = memoryBytes < 0 ? "memory unknown" : String.format("%.1f GiB", memoryBytes / (double) (1L << 30));
            return id + "  " + name + ", " + memory + ", " + dtype;
        }
    }

    /**
     * Starts the engine (if it is not running) and describes it.
     *
     * @param storedDtypes the checkpoint's stored tensor types, for the GPU compute type; empty
     *                     to describe the default
     */
    public static EngineReport describe(Set<String> storedDtypes) {
        Engine engine = Models.PyTorch.engine();
        String torchVersion = engine.getVersion();
        String libPath = LibUtils.getLibtorchPath();
        String flavor = EngineSetup.torch().map(TorchInstall::flavor)
                .orElseGet(() -> Platform.detectPlatform("pytorch").getFlavor());
        String source = EngineSetup.torch().map(t -> "--torch " + t.given() + " (" + t.layout() + ")")
                .orElse("bundled PyTorch library (pytorch-native-cpu)");
        String jni = EngineSetup.jni().map(JniLibrary.Found::location).orElse("from the pytorch-jni jar");
        List<DeviceInfo> devices = new ArrayList<>();
        devices.add(new DeviceInfo("cpu", cpuName(), systemMemory(),
                dtypeName(ComputeDtype.choose(Device.cpu(), storedDtypes))));
        int gpus = engine.getGpuCount();
        // nvidia-smi numbers GPUs its own way; trust it only when CUDA sees exactly the same set.
        List<GpuQuery.Gpu> queried = gpus > 0 && System.getenv("CUDA_VISIBLE_DEVICES") == null
                ? GpuQuery.nvidiaSmi() : List.of();
        if (queried.size() != gpus) {
            queried = List.of();
        }
        for (int i = 0; i < gpus; i++) {
            Device gpu = Device.gpu(i);
            String name;
            long memory;
            if (i < queried.size()) {
                name = queried.get(i).name();
                memory = queried.get(i).memoryBytes();
            } else {
                name = "CUDA GPU " + i + " (compute capability " + CudaUtils.getComputeCapability(i) + ")";
                memory = CudaUtils.getGpuMemory(gpu).getMax();
            }
            devices.add(new DeviceInfo("gpu:" + i, name, memory, dtypeName(ComputeDtype.choose(gpu, storedDtypes))));
        }
        return new EngineReport(Engine.getDjlVersion(), torchVersion, libPath, flavor, jni, source, List.copyOf(devices));
    }

    private static String dtypeName(ai.djl.ndarray.types.DataType t) {
        return t.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String cpuName() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " (" + Runtime.getRuntime().availableProcessors()
                            + " cores)";
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    private static long systemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
