package dev.jacobilens.engine.model.torchbin;

import dev.jacobilens.engine.model.torchbin.PickleValues.Dict;
import dev.jacobilens.engine.model.torchbin.PickleValues.Global;
import dev.jacobilens.engine.model.torchbin.PickleValues.PyList;
import dev.jacobilens.engine.model.torchbin.PickleValues.StorageRef;
import dev.jacobilens.engine.model.torchbin.PickleValues.TensorRef;
import dev.jacobilens.engine.model.torchbin.PickleValues.Tuple;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the pickle of a PyTorch state dict the way {@code torch.load(weights_only=True)} means
 * to, and no further: only the opcodes a state dict needs, and globals looked up by name in
 * {@link AllowedGlobals}, a table of this class's own. Nothing named in the file is loaded or
 * run; a global names an entry of the table or the file is refused, with the global or opcode
 * named. The interpreter is a loop over a stack (no recursion, so nesting depth cannot
 * overflow the Java stack) and every length is checked against the bytes that remain.
 */
final class RestrictedUnpickler {
    /** A refused or damaged pickle; the message names the opcode or global and its byte. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private static final Object MARK = new Object();
    /** A state dict's pickle keeps a few dozen values on its stack; millions is a memory attack. */
    private static final int MAX_STACK = 1 << 20;

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new HashMap<>();
    private int opcodeAt;

    RestrictedUnpickler(byte[] pickle) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The storages the pickle referred to, by key, once {@link #load} has returned. */
    Map<String, StorageRef> storages() {
        return storages;
    }

    Object load() {
        while (true) {
            if (!in.hasRemaining()) {
                throw new Refused("ends without its STOP opcode (truncated?)");
            }
            opcodeAt = in.position();
            if (stack.size() > MAX_STACK) {
                throw refused("holds more than " + MAX_STACK + " values on its stack");
            }
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > 5) {
                        throw refused("pickle protocol " + protocol + " is newer than any Python writes");
                    }
                }
                case 0x95 -> skip(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    Object result = pop();
                    if (!stack.isEmpty()) {
                        throw refused("STOP with " + stack.size() + " values left on the stack");
                    }
                    return result;
                }
                case '(' -> stack.add(MARK);
                case '}' -> stack.add(new Dict());
                case ']' -> stack.add(new PyList());
                case ')' -> stack.add(new Tuple(List.of()));
                case 't' -> stack.add(new Tuple(popToMark()));
                case 0x85 -> stack.add(new Tuple(popN(1)));
                case 0x86 -> stack.add(new Tuple(popN(2)));
                case 0x87 -> stack.add(new Tuple(popN(3)));
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add((long) i32());
                case 'K' -> stack.add((long) u8());
                case 'M' -> stack.add((long) u16());
                case 0x8a -> stack.add(long1());
                case 'G' -> stack.add(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'X' -> stack.add(utf8(u32()));
                case 0x8c -> stack.add(utf8(u8()));
                case 0x8d -> stack.add(utf8(u64()));
                case 'q' -> memo.put((long) u8(), peek());
                case 'r' -> memo.put(u32(), peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'h' -> stack.add(memoGet(u8()));
                case 'j' -> stack.add(memoGet(u32()));
                case '0' -> pop();
                case '1' -> popToMark();
                case '2' -> stack.add(peek());
                case 'c' -> stack.add(global(line() + "." + line()));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw refused("STACK_GLOBAL needs two strings, not " + PickleValues.typeName(module)
                                + " and " + PickleValues.typeName(name));
                    }
                    stack.add(global(m + "." + n));
                }
                case 'Q' -> stack.add(persistentLoad(pop()));
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    stack.add(reduce(callable, args));
                }
                case 'b' -> build(pop(), peek());
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    dict(peek(), "SETITEM").put(key(key), value);
                }
                case 'u' -> {
                    List<Object> items = popToMark();
                    Dict d = dict(peek(), "SETITEMS");
                    if (items.size() % 2 != 0) {
                        throw refused("SETITEMS with an odd number of values");
                    }
                    for (int i = 0; i < items.size(); i += 2) {
                        d.put(key(items.get(i)), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Object value = pop();
                    list(peek(), "APPEND").add(value);
                }
                case 'e' -> {
                    List<Object> items = popToMark();
                    list(peek(), "APPENDS").addAll(items);
                }
                default -> throw refused("opcode " + Opcodes.describe(op) + " is not allowed in a weights file");
            }
        }
    }

    private Global global(String qualifiedName) {
        if (!AllowedGlobals.isAllowed(qualifiedName)) {
            throw refused("global '" + qualifiedName + "'" + AllowedGlobals.python3Name(qualifiedName)
                    + " is not allowed (a weights file may name only "
                    + AllowedGlobals.summary() + "); nothing in the file was run");
        }
        return new Global(qualifiedName);
    }

    /** A persistent id is ('storage', storage type, key, location, element count). */
    private StorageRef persistentLoad(Object pid) {
        if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
            throw refused("persistent id is " + PickleValues.typeName(pid) + ", not ('storage', type, key,"
                    + " location, size)");
        }
        if (!(t.get(1) instanceof Global type) || AllowedGlobals.storageDtype(type.qualifiedName()) == null) {
            throw refused("persistent id names " + PickleValues.typeName(t.get(1)) + ", not a storage type");
        }
        if (!(t.get(2) instanceof String key) || !(t.get(3) instanceof String) || !(t.get(4) instanceof Long n)
                || n < 0) {
            throw refused("persistent id of a storage needs a key, a location and a size");
        }
        if (!key.matches("[0-9A-Za-z_]{1,64}")) {
            throw refused("storage key '" + key + "' is not a plain name");
        }
        StorageRef ref = new StorageRef(key, AllowedGlobals.storageDtype(type.qualifiedName()), n);
        StorageRef earlier = storages.putIfAbsent(key, ref);
        if (earlier != null && !earlier.equals(ref)) {
            throw refused("storage '" + key + "' is declared twice with different types or sizes");
        }
        return earlier != null ? earlier : ref;
    }

    private Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global g)) {
            throw refused("REDUCE calls " + PickleValues.typeName(callable) + ", not an allowed global");
        }
        if (!(args instanceof Tuple a)) {
            throw refused("REDUCE of " + g.qualifiedName() + " with " + PickleValues.typeName(args) + " as arguments");
        }
        switch (g.qualifiedName()) {
            case AllowedGlobals.ORDERED_DICT -> {
                if (a.size() != 0) {
                    throw refused("OrderedDict built from arguments; only the empty OrderedDict() is allowed");
                }
                return new Dict();
            }
            case AllowedGlobals.REBUILD_TENSOR -> {
                return rebuildTensor(a);
            }
            case AllowedGlobals.REBUILD_PARAMETER -> {
                // (data, requires_grad, backward_hooks): a Parameter is its tensor here.
                if (a.size() < 1 || !(a.get(0) instanceof TensorRef tensor)) {
                    throw refused(g.qualifiedName() + " without a tensor as its first argument");
                }
                return tensor;
            }
            default -> throw refused("REDUCE calls " + g.qualifiedName() + ", which is a type name, not a function"
                    + " a weights file may call");
        }
    }

    /** (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private TensorRef rebuildTensor(Tuple a) {
        String fn = AllowedGlobals.REBUILD_TENSOR;
        if (a.size() < 6 || a.size() > 7) {
            throw refused(fn + " with " + a.size() + " arguments (expected 6 or 7)");
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw refused(fn + " with " + PickleValues.typeName(a.get(0)) + " instead of a storage");
        }
        if (!(a.get(1) instanceof Long offset) || offset < 0) {
            throw refused(fn + " with an invalid storage offset");
        }
        long[] shape = longs(a.get(2), fn + " size");
        long[] stride = longs(a.get(3), fn + " stride");
        if (shape.length != stride.length) {
            throw refused(fn + " with " + shape.length + " sizes but " + stride.length + " strides");
        }
        if (!(a.get(5) instanceof Dict hooks) || !hooks.isEmpty()) {
            throw refused(fn + " with backward hooks; a weights file has none");
        }
        return new TensorRef(storage, offset, shape, stride);
    }

    private long[] longs(Object o, String what) {
        if (!(o instanceof Tuple t)) {
            throw refused(what + " is " + PickleValues.typeName(o) + ", not a tuple of ints");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v) || v < 0) {
                throw refused(what + " holds " + PickleValues.typeName(t.get(i)) + ", not a non-negative int");
            }
            out[i] = v;
        }
        return out;
    }

    /** BUILD sets an object's state: only an OrderedDict's attributes (a state dict's _metadata), dropped. */
    private void build(Object state, Object target) {
        if (!(target instanceof Dict) || !(state instanceof Dict || state instanceof Tuple)) {
            throw refused("BUILD of " + PickleValues.typeName(target) + " is not allowed; only an OrderedDict's"
                    + " attributes may be set");
        }
    }

    private Dict dict(Object o, String op) {
        if (!(o instanceof Dict d)) {
            throw refused(op + " on " + PickleValues.typeName(o) + ", not a dict");
        }
        return d;
    }

    private PyList list(Object o, String op) {
        if (!(o instanceof PyList l)) {
            throw refused(op + " on " + PickleValues.typeName(o) + ", not a list");
        }
        return l;
    }

    /** Dict keys are scalars only: hashing a list or tuple that contains itself would never end. */
    private Object key(Object key) {
        if (key == null || key instanceof String || key instanceof Long || key instanceof Boolean
                || key instanceof Double) {
            return key;
        }
        throw refused("dict key is " + PickleValues.typeName(key) + "; only strings and numbers are allowed");
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw refused("memo entry " + index + " is read before it is written");
        }
        return memo.get(index);
    }

    private Object pop() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw refused("needs a value but the stack is empty (damaged pickle)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw refused("needs a value but the stack is empty (damaged pickle)");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(0, pop());
        }
        return out;
    }

    private List<Object> popToMark() {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw refused("needs a MARK but none is on the stack (damaged pickle)");
        }
        List<Object> sub = stack.subList(mark + 1, stack.size());
        List<Object> out = new ArrayList<>(sub);
        stack.subList(mark, stack.size()).clear();
        return out;
    }

    private int u8() {
        need(1);
        return in.get() & 0xff;
    }

    private int u16() {
        need(2);
        return in.getShort() & 0xffff;
    }

    private int i32() {
        need(4);
        return in.getInt();
    }

    private long u32() {
        need(4);
        return in.getInt() & 0xffffffffL;
    }

    private long u64() {
        need(8);
        long v = in.getLong();
        if (v < 0) {
            throw refused("length " + Long.toUnsignedString(v) + " is impossibly large");
        }
        return v;
    }

    /** LONG1: a little-endian two's-complement int of n bytes; more than 8 is no tensor size. */
    private long long1() {
        int n = u8();
        if (n > 8) {
            throw refused("integer of " + n + " bytes is too large for a weights file");
        }
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n); // sign-extend
        }
        return v;
    }

    private void skip(int n) {
        need(n);
        in.position(in.position() + n);
    }

    private byte[] bytes(long n) {
        need(n);
        byte[] out = new byte[(int) n];
        in.get(out);
        return out;
    }

    private String utf8(long n) {
        byte[] b = bytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw refused("string is not valid UTF-8");
        }
    }

    /** GLOBAL's text arguments: a line of at most 256 printable ASCII characters. */
    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return sb.toString();
            }
            if (c < 0x20 || c > 0x7e || sb.length() >= 256) {
                throw refused("GLOBAL's module or name is not a short line of text");
            }
            sb.append((char) c);
        }
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw refused("needs " + n + " bytes but only " + in.remaining() + " remain (truncated?)");
        }
    }

    private Refused refused(String problem) {
        return new Refused(problem + " (byte " + opcodeAt + ")");
    }
}
