package dev.jacobilens.engine;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The compute type per device: float32 on the CPU, half precision on a GPU. */
class ComputeDtypeTest {
    @Test
    void cpuIsAlwaysFloat32() {
        assertEquals(DataType.FLOAT32, ComputeDtype.choose(Device.cpu(), Set.of("BF16")));
        assertEquals(DataType.FLOAT32, ComputeDtype.choose(Device.cpu(), Set.of("F16")));
    }

    @Test
    void gpuTakesFloat16UnlessEveryWeightIsBfloat16() {
        assertEquals(DataType.FLOAT16, ComputeDtype.choose(Device.gpu(0), Set.of("F16")));
        assertEquals(DataType.FLOAT16, ComputeDtype.choose(Device.gpu(0), Set.of("F32")));
        assertEquals(DataType.FLOAT16, ComputeDtype.choose(Device.gpu(0), Set.of("BF16", "F32")));
        assertEquals(DataType.FLOAT16, ComputeDtype.choose(Device.gpu(0), Set.of()));
        assertEquals(DataType.BFLOAT16, ComputeDtype.choose(Device.gpu(1), Set.of("BF16")));
    }

    @Test
    void overrideNamesAreParsedAndBadOnesNamed() {
        assertEquals(DataType.BFLOAT16, ComputeDtype.parse("bf16"));
        assertEquals(DataType.FLOAT32, ComputeDtype.parse(" float32 "));
        String msg = assertThrows(EngineException.class, () -> ComputeDtype.parse("int8")).getMessage();
        assertEquals("jacobilens.gpuDtype/JACOBI_LENS_GPU_DTYPE must be float16, bfloat16 or float32, got 'int8'", msg);
    }
}
