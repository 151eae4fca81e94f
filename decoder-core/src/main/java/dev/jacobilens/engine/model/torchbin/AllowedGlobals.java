package dev.jacobilens.engine.model.torchbin;

import java.util.Map;

/**
 * The only names a weights pickle may mention, as torch's own weights-only loader allows for a
 * state dict: the tensor rebuild functions, the storage types and OrderedDict. A name here is
 * a key into this table and nothing more; no Python or Java code is looked up by it.
 */
final class AllowedGlobals {
    static final String ORDERED_DICT = "collections.OrderedDict";
    static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";

    /** Storage types and the dtype (safetensors' name) of their elements. */
    private static final Map<String, String> STORAGES = Map.ofEntries(
            Map.entry("torch.FloatStorage", "F32"), Map.entry("torch.HalfStorage", "F16"),
            Map.entry("torch.BFloat16Storage", "BF16"), Map.entry("torch.DoubleStorage", "F64"),
            Map.entry("torch.LongStorage", "I64"), Map.entry("torch.IntStorage", "I32"),
            Map.entry("torch.ShortStorage", "I16"), Map.entry("torch.CharStorage", "I8"),
            Map.entry("torch.ByteStorage", "U8"), Map.entry("torch.BoolStorage", "BOOL"));

    private AllowedGlobals() {
    }

    static boolean isAllowed(String qualifiedName) {
        return qualifiedName.equals(ORDERED_DICT) || qualifiedName.equals(REBUILD_TENSOR)
                || qualifiedName.equals(REBUILD_PARAMETER) || STORAGES.containsKey(qualifiedName);
    }

    /** The element dtype of a storage type, or null for a name that is not one. */
    static String storageDtype(String qualifiedName) {
        return STORAGES.get(qualifiedName);
    }

    /**
     * Python 3 writes protocol-2 pickles with Python 2's module names ({@code __builtin__.eval},
     * {@code commands.Popen}); a refusal also gives the name the user would recognise.
     */
    static String python3Name(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        String module = dot < 0 ? qualifiedName : qualifiedName.substring(0, dot);
        String python3 = PYTHON2_MODULES.get(module);
        return python3 == null ? "" : " (Python 3's " + python3 + qualifiedName.substring(module.length()) + ")";
    }

    private static final Map<String, String> PYTHON2_MODULES = Map.of("__builtin__", "builtins",
            "commands", "subprocess", "copy_reg", "copyreg", "cPickle", "pickle", "posix", "os");

    static String summary() {
        return ORDERED_DICT + ", " + REBUILD_TENSOR + ", " + REBUILD_PARAMETER + " and torch.*Storage types";
    }
}
