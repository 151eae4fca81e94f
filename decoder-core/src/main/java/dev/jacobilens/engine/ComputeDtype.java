package dev.jacobilens.engine;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

import java.util.Locale;
import java.util.Set;

/**
 * The floating-point type a model computes in on a device.
 *
 * <p>The CPU always computes in float32: DJL's PyTorch engine aborts the JVM on bfloat16 there,
 * and half precision buys nothing on a CPU. On a GPU, float16 by default (10 mantissa bits, so
 * the closest to float32 results); bfloat16 when every stored weight is bfloat16, because a model
 * trained in bfloat16 may hold activations beyond float16's range (65504). The system property
 * {@code jacobilens.gpuDtype} or the environment variable {@code JACOBI_LENS_GPU_DTYPE}
 * (float16, bfloat16 or float32) overrides the GPU choice.
 */
public final class ComputeDtype {
    public static final String PROPERTY = "jacobilens.gpuDtype";
    public static final String ENV = "JACOBI_LENS_GPU_DTYPE";

    private ComputeDtype() {
    }

    /**
     * @param storedDtypes safetensors dtype names of the checkpoint's tensors ("F32", "BF16", …);
     *                     empty when not known
     */
    public static DataType choose(Device device, Set<String> storedDtypes) {
        if (!device.isGpu()) {
            return DataType.FLOAT32;
        }
        String override = System.getProperty(PROPERTY, System.getenv(ENV));
        if (override != null && !override.isBlank()) {
            return parse(override);
        }
        boolean allBf16 = !storedDtypes.isEmpty() && storedDtypes.stream().allMatch("BF16"::equals);
        return allBf16 ? DataType.BFLOAT16 : DataType.FLOAT16;
    }

    static DataType parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "float16":
            case "fp16":
                return DataType.FLOAT16;
            case "bfloat16":
            case "bf16":
                return DataType.BFLOAT16;
            case "float32":
            case "fp32":
                return DataType.FLOAT32;
            default:
                throw new EngineException(PROPERTY + "/" + ENV + " must be float16, bfloat16 or float32, got '"
                        + name + "'");
        }
    }
}
