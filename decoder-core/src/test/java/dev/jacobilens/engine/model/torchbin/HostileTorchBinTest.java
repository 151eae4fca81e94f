package dev.jacobilens.engine.model.torchbin;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and damaged .bin files: each is refused with an EngineException naming the file and
 * the global, opcode or size at fault, and none runs anything: the payloads would create a
 * marker file, which must not exist afterwards.
 */
class HostileTorchBinTest {
    /** Where the python-made payloads (make_bins.py) would write if they ever ran. */
    private static final String PYTHON_MARKER = "/tmp/jacobi-lens-torchbin-payload-ran-";

    @TempDir
    Path tmp;

    @Test
    void torchMadePayloadsAreRefusedByTheirGlobalAndNeverRun() throws IOException {
        // What Python 3's pickle writes at protocol 2: the Python 2 module names.
        Map<String, String> globals = Map.of("os-system", "posix.system", "builtins-eval", "__builtin__.eval",
                "subprocess-popen", "commands.Popen");
        for (Map.Entry<String, String> c : globals.entrySet()) {
            Path marker = Path.of(PYTHON_MARKER + c.getKey());
            Files.deleteIfExists(marker);
            Path model = Fixtures.copyOfTinyLlama(tmp.resolve(c.getKey()));
            Files.delete(model.resolve("model.safetensors"));
            Path bin = model.resolve(TorchBinFile.SINGLE);
            Files.copy(Fixtures.resource("fixtures/torch-bin/hostile/" + c.getKey() + ".bin"), bin);
            EngineException e = assertThrows(EngineException.class, () -> Checkpoint.open(model).close());
            assertNames(e, bin, "global '" + c.getValue() + "'");
            assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
            assertFalse(Files.exists(marker), "the payload of " + c.getKey() + " ran");
        }
    }

    @Test
    void handMadePayloadsAreRefusedByTheirGlobalAndNeverRun() throws IOException {
        Path marker = tmp.resolve("payload-ran");
        String[][] calls = {{"os", "system"}, {"posix", "system"}, {"builtins", "eval"}, {"builtins", "exec"},
                {"subprocess", "Popen"}, {"subprocess", "check_output"}, {"torch", "load"}, {"numpy", "load"}};
        for (String[] call : calls) {
            for (boolean stack : new boolean[] {false, true}) {
                PickleBuilder p = new PickleBuilder().proto(stack ? 4 : 2);
                if (stack) {
                    p.stackGlobal(call[0], call[1]);
                } else {
                    p.global(call[0], call[1]);
                }
                byte[] pkl = p.str("touch " + marker).op(0x85).reduce().stop().bytes();
                Path bin = TorchZips.write(tmp.resolve(call[0] + "-" + call[1] + stack + ".bin"), pkl, Map.of());
                assertRefused(bin, "global '" + call[0] + "." + call[1] + "'");
            }
        }
        assertFalse(Files.exists(marker));
    }

    @Test
    void opcodesThatBuildArbitraryObjectsAreRefusedByName() throws IOException {
        Object[][] cases = {
                {new PickleBuilder().proto(2).mark().op('i').bytes(), "INST (0x69)"},
                {new PickleBuilder().proto(2).global("collections", "OrderedDict").emptyTuple().op(0x81).bytes(),
                        "NEWOBJ (0x81)"},
                {new PickleBuilder().proto(2).mark().global("collections", "OrderedDict").op('o').bytes(), "OBJ (0x6f)"},
                {new PickleBuilder().proto(2).op(0x82).op(1).bytes(), "EXT1 (0x82)"},
                {new PickleBuilder().proto(2).op('P').bytes(), "PERSID (0x50)"},
                {new PickleBuilder().proto(2).op(0xfe).bytes(), "unknown 0xfe"}};
        for (Object[] c : cases) {
            Path bin = TorchZips.write(tmp.resolve("op.bin"), (byte[]) c[0], Map.of());
            assertRefused(bin, "opcode " + c[1] + " is not allowed");
        }
    }

    @Test
    void allowedGlobalsAreOnlyUsedAsTheyMayBe() throws IOException {
        // A storage type is a name in a persistent id, never something to call.
        byte[] callStorage = new PickleBuilder().proto(2).global("torch", "FloatStorage").emptyTuple().reduce().stop()
                .bytes();
        assertRefused(TorchZips.write(tmp.resolve("a.bin"), callStorage, Map.of()),
                "REDUCE calls torch.FloatStorage");
        byte[] orderedDictWithArgs = new PickleBuilder().proto(2).global("collections", "OrderedDict").mark()
                .str("x").tuple().reduce().stop().bytes();
        assertRefused(TorchZips.write(tmp.resolve("b.bin"), orderedDictWithArgs, Map.of()),
                "only the empty OrderedDict() is allowed");
        byte[] buildOnString = new PickleBuilder().proto(2).str("x").emptyDict().op('b').stop().bytes();
        assertRefused(TorchZips.write(tmp.resolve("c.bin"), buildOnString, Map.of()), "BUILD of a string");
    }

    @Test
    void aTruncatedArchiveIsRefused() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.resource("fixtures/torch-bin/tiny-f32/pytorch_model.bin"));
        for (int length : new int[] {0, 3, 100, good.length / 2, good.length - 10}) {
            Path bin = tmp.resolve("cut" + length + ".bin");
            Files.write(bin, Arrays.copyOf(good, length));
            EngineException e = assertThrows(EngineException.class, () -> TorchBinFile.open(bin).close());
            assertTrue(e.getMessage().startsWith(bin.toString()), e.getMessage());
        }
        Path bin = tmp.resolve("cut-half.bin");
        Files.write(bin, Arrays.copyOf(good, good.length / 2));
        assertRefused(bin, "no zip end-of-directory record");
    }

    @Test
    void aStorageShorterThanItsDeclaredSizeIsRefused() throws IOException {
        byte[] pkl = stateDict("FloatStorage", 100, 0, new long[] {100}, new long[] {1});
        assertRefused(TorchZips.write(tmp.resolve("short.bin"), pkl, Map.of("0", new byte[40])),
                "storage '0' declares 100 F32 elements (400 bytes) but archive/data/0 holds 40 bytes");
    }

    @Test
    void aTensorLargerThanItsStorageIsRefused() throws IOException {
        byte[] pkl = stateDict("FloatStorage", 10, 0, new long[] {20}, new long[] {1});
        assertRefused(TorchZips.write(tmp.resolve("big.bin"), pkl, Map.of("0", new byte[40])),
                "tensor 'w' (shape [20], stride [1], offset 0) reads element 19 of storage '0', which holds 10");
        byte[] offset = stateDict("HalfStorage", 16, 9, new long[] {8}, new long[] {1});
        assertRefused(TorchZips.write(tmp.resolve("offset.bin"), offset, Map.of("0", new byte[32])),
                "reads element 16 of storage '0', which holds 16");
    }

    @Test
    void aStrideThatReadsPastTheStorageIsRefused() throws IOException {
        byte[] pkl = stateDict("FloatStorage", 16, 0, new long[] {4, 4}, new long[] {5, 1});
        assertRefused(TorchZips.write(tmp.resolve("stride.bin"), pkl, Map.of("0", new byte[64])),
                "tensor 'w' (shape [4, 4], stride [5, 1], offset 0) reads element 18 of storage '0', which holds 16");
    }

    @Test
    void tenGigabyteClaimsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        long tenGb = 2_500_000_000L; // F32 elements
        byte[] storage = stateDict("FloatStorage", tenGb, 0, new long[] {tenGb}, new long[] {1});
        assertRefused(TorchZips.write(tmp.resolve("storage10g.bin"), storage, Map.of("0", new byte[16])),
                "declares 2500000000 F32 elements (10000000000 bytes) but archive/data/0 holds 16 bytes");
        byte[] tensor = stateDict("FloatStorage", 4, 0, new long[] {50_000, 50_000}, new long[] {50_000, 1});
        assertRefused(TorchZips.write(tmp.resolve("tensor10g.bin"), tensor, Map.of("0", new byte[16])),
                "reads element 2499999999 of storage '0', which holds 4");
        byte[] overflow = stateDict("FloatStorage", 4, 0, new long[] {1L << 40, 1L << 40}, new long[] {1L << 40, 1});
        assertRefused(TorchZips.write(tmp.resolve("overflow.bin"), overflow, Map.of("0", new byte[16])),
                "impossibly large size");
    }

    @Test
    void recursivePicklesAreRefusedWithoutRecursing() throws IOException {
        // A dict holding itself as a "tensor".
        byte[] selfDict = new PickleBuilder().proto(2).emptyDict().put(0).str("w").get(0).op('s').stop().bytes();
        assertRefused(TorchZips.write(tmp.resolve("dict.bin"), selfDict, Map.of()),
                "state dict entry 'w' is a dict of 1, not a tensor");
        // A list appended to itself, used as a tensor's shape.
        byte[] selfList = new PickleBuilder().proto(2).emptyDict().str("w").global("torch._utils", "_rebuild_tensor_v2")
                .mark().storage("FloatStorage", "0", 4).integer(0).emptyList().put(1).get(1).op('a')
                .mark().integer(1).tuple().op(0x89).emptyDict().tuple().reduce().op('s').stop().bytes();
        assertRefused(TorchZips.write(tmp.resolve("list.bin"), selfList, Map.of("0", new byte[16])),
                "size is a list of 1, not a tuple of ints");
        // A list used as a dict key, which Java would hash by walking it.
        byte[] listKey = new PickleBuilder().proto(2).emptyDict().emptyList().put(0).get(0).op('a').integer(1)
                .op('s').stop().bytes();
        assertRefused(TorchZips.write(tmp.resolve("key.bin"), listKey, Map.of()), "dict key is a list of 1");
        // Nesting a million deep: an interpreter that recursed would overflow the Java stack.
        PickleBuilder deep = new PickleBuilder().proto(2);
        for (int i = 0; i < 1_000_000; i++) {
            deep.emptyList();
        }
        for (int i = 0; i < 999_999; i++) {
            deep.op('a');
        }
        assertRefused(TorchZips.write(tmp.resolve("deep.bin"), deep.stop().bytes(), Map.of()), "a list of 1, not a state dict");
    }

    @Test
    void damagedPicklesAreRefusedNotMisread() throws IOException {
        byte[] good = stateDict("FloatStorage", 4, 0, new long[] {4}, new long[] {1});
        assertRefused(TorchZips.write(tmp.resolve("cut.bin"), Arrays.copyOf(good, good.length - 5),
                Map.of("0", new byte[16])), "(truncated?)");
        byte[] noStorage = stateDict("FloatStorage", 4, 0, new long[] {4}, new long[] {1});
        assertRefused(TorchZips.write(tmp.resolve("missing.bin"), noStorage, Map.of()),
                "storage '0' has no entry archive/data/0");
        byte[] underflow = new PickleBuilder().proto(2).reduce().bytes();
        assertRefused(TorchZips.write(tmp.resolve("underflow.bin"), underflow, Map.of()), "stack is empty");
        byte[] memo = new PickleBuilder().proto(2).get(7).stop().bytes();
        assertRefused(TorchZips.write(tmp.resolve("memo.bin"), memo, Map.of()), "memo entry 7 is read before");
        Path legacy = tmp.resolve("legacy.bin");
        Files.write(legacy, new PickleBuilder().proto(2).emptyDict().stop().bytes());
        assertRefused(legacy, "legacy format");
    }

    @Test
    void aValidHandMadeCheckpointReadsItsStridedViewExactly() throws IOException {
        byte[] data = new byte[64];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            b.putFloat(i);
        }
        // a 3x2 transposed view at offset 1: element (i, j) = storage[1 + i + 4j]
        byte[] pkl = stateDict("FloatStorage", 16, 1, new long[] {3, 2}, new long[] {1, 4});
        try (TorchBinFile f = TorchBinFile.open(TorchZips.write(tmp.resolve("ok.bin"), pkl, Map.of("0", data)))) {
            assertArrayEquals(new float[] {1, 5, 2, 6, 3, 7}, f.readFloats(f.tensors().get("w")));
        }
    }

    @Test
    void anOrderedDictWithMetadataAndParametersReadsAsAStateDict() throws IOException {
        // model.state_dict() itself: an OrderedDict whose _metadata attribute is set by BUILD,
        // here with one tensor saved as an nn.Parameter.
        byte[] data = new byte[16];
        java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3)
                .putFloat(4);
        byte[] pkl = new PickleBuilder().proto(2).global("collections", "OrderedDict").put(0).emptyTuple().reduce()
                .mark().str("p").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1}).op(0x89).get(0).emptyTuple()
                .reduce().tuple().reduce().op('u')
                .emptyDict().str("_metadata").get(0).emptyTuple().reduce().str("").emptyDict().str("version")
                .integer(1).op('s').op('s').op('s').op('b').stop().bytes();
        try (TorchBinFile f = TorchBinFile.open(TorchZips.write(tmp.resolve("sd.bin"), pkl, Map.of("0", data)))) {
            assertEquals(java.util.Set.of("p"), f.tensors().keySet());
            assertArrayEquals(new float[] {1, 2, 3, 4}, f.readFloats(f.tensors().get("p")));
        }
    }

    @Test
    void zip64ArchivesAsTorchWritesThemPastFourGigabytesAreRead() throws IOException {
        byte[] data = new byte[64];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            b.putFloat(i * 0.5f);
        }
        byte[] pkl = stateDict("FloatStorage", 16, 2, new long[] {2, 3}, new long[] {3, 1});
        Path bin = TorchZips.writeZip64(tmp.resolve("zip64.bin"), pkl, Map.of("0", data));
        try (TorchBinFile f = TorchBinFile.open(bin)) {
            assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f, 3, 3.5f}, f.readFloats(f.tensors().get("w")));
        }
        byte[] whole = Files.readAllBytes(bin);
        Path cut = tmp.resolve("zip64-cut.bin");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 30)); // the locator survives, the end record not
        EngineException e = assertThrows(EngineException.class, () -> TorchBinFile.open(cut).close());
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
    }

    /** {"w": tensor} with one storage of the given type and size. */
    private static byte[] stateDict(String type, long elements, long offset, long[] shape, long[] stride) {
        return new PickleBuilder().proto(2).emptyDict().put(0).mark().str("w")
                .tensor(type, "0", elements, offset, shape, stride).op('u').stop().bytes();
    }

    private static void assertRefused(Path bin, String expected) {
        EngineException e = assertThrows(EngineException.class, () -> TorchBinFile.open(bin).close());
        assertNames(e, bin, expected);
    }

    private static void assertNames(EngineException e, Path bin, String expected) {
        assertTrue(e.getMessage().startsWith(bin.toString() + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
