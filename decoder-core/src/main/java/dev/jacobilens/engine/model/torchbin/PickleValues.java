package dev.jacobilens.engine.model.torchbin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The values the restricted unpickler builds. Python's None, bools, ints, floats and strings
 * become null, Boolean, Long, Double and String; the rest are these types. None of them is ever
 * printed or hashed as a whole: a hostile pickle can make a list contain itself, and Java's
 * toString/hashCode would recurse forever on it. Messages name a value by {@link #typeName}.
 */
final class PickleValues {
    private PickleValues() {
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Tuple {
            items = List.copyOf(nullsAllowed(items));
        }

        private static List<Object> nullsAllowed(List<Object> items) {
            // List.copyOf refuses nulls, and None is a legitimate tuple item.
            List<Object> out = new ArrayList<>(items.size());
            for (Object o : items) {
                out.add(o == null ? NONE : o);
            }
            return out;
        }

        Object get(int i) {
            Object o = items.get(i);
            return o == NONE ? null : o;
        }

        int size() {
            return items.size();
        }

        @Override
        public String toString() {
            return "a tuple of " + items.size();
        }
    }

    /** Stands for None inside a tuple, whose immutable list cannot hold null. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A dict or OrderedDict; keys are only strings, numbers, bools or None (see the unpickler). */
    static final class Dict extends LinkedHashMap<Object, Object> {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "a dict of " + size();
        }
    }

    /** A Python list. */
    static final class PyList extends ArrayList<Object> {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "a list of " + size();
        }
    }

    /** A module-level name the pickle refers to, already checked against the allow-list. */
    record Global(String qualifiedName) {
    }

    /**
     * A storage the pickle refers to by persistent id: the archive entry {@code data/KEY}
     * holding {@code elements} values of {@code dtype} (safetensors' names: F32, F16, BF16...).
     */
    record StorageRef(String key, String dtype, long elements) {
    }

    /** A tensor as torch rebuilds it: a view of a storage with an offset and strides, in elements. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    static String typeName(Object o) {
        if (o == null || o == NONE) {
            return "None";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Long) {
            return "an int";
        }
        if (o instanceof Double) {
            return "a float";
        }
        if (o instanceof Boolean) {
            return "a bool";
        }
        if (o instanceof Global g) {
            return "the global " + g.qualifiedName();
        }
        if (o instanceof StorageRef) {
            return "a storage";
        }
        if (o instanceof TensorRef) {
            return "a tensor";
        }
        return o.toString(); // Tuple, Dict, PyList: their own short, non-recursive descriptions
    }
}
