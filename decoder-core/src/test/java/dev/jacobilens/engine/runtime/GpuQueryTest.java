package dev.jacobilens.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** nvidia-smi's CSV: names may hold commas, memory is in MiB; anything else gives no list. */
class GpuQueryTest {
    @Test
    void parsesNamesAndMemory() {
        List<GpuQuery.Gpu> gpus = GpuQuery.parse("NVIDIA H200, 143771\nNVIDIA A100-SXM4-80GB, 81920\n");
        assertEquals(List.of(new GpuQuery.Gpu("NVIDIA H200", 143771L << 20),
                new GpuQuery.Gpu("NVIDIA A100-SXM4-80GB", 81920L << 20)), gpus);
    }

    @Test
    void unexpectedOutputGivesNothing() {
        assertEquals(List.of(), GpuQuery.parse("NVIDIA-SMI has failed because it couldn't communicate with the driver"));
        assertEquals(List.of(), GpuQuery.parse("NVIDIA H200, [N/A]"));
    }
}
