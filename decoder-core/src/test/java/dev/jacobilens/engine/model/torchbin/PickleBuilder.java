package dev.jacobilens.engine.model.torchbin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle bytes, opcode by opcode, for tests that need pickles torch never writes. */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBuilder op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBuilder proto(int n) {
        return op(0x80).op(n);
    }

    /** GLOBAL: module and name as text lines (protocols 0-3). */
    PickleBuilder global(String module, String name) {
        op('c');
        byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(text);
        return this;
    }

    /** STACK_GLOBAL: module and name as strings on the stack (protocol 4+). */
    PickleBuilder stackGlobal(String module, String name) {
        return str(module).str(name).op(0x93);
    }

    PickleBuilder str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le(b.length, 4);
        out.writeBytes(b);
        return this;
    }

    PickleBuilder integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            return le(v, 4);
        }
        op(0x8a).op(8);
        return le(v, 8);
    }

    PickleBuilder mark() {
        return op('(');
    }

    PickleBuilder tuple() {
        return op('t');
    }

    PickleBuilder emptyTuple() {
        return op(')');
    }

    PickleBuilder emptyDict() {
        return op('}');
    }

    PickleBuilder emptyList() {
        return op(']');
    }

    PickleBuilder put(int memo) {
        return op('q').op(memo);
    }

    PickleBuilder get(int memo) {
        return op('h').op(memo);
    }

    PickleBuilder reduce() {
        return op('R');
    }

    PickleBuilder stop() {
        return op('.');
    }

    /** The persistent id of a storage and BINPERSID: ('storage', torch.TYPE, key, 'cpu', elements). */
    PickleBuilder storage(String type, String key, long elements) {
        return mark().str("storage").global("torch", type).str(key).str("cpu").integer(elements).tuple().op('Q');
    }

    /** _rebuild_tensor_v2(storage, offset, shape, stride, False, OrderedDict()) with REDUCE. */
    PickleBuilder tensor(String type, String key, long elements, long offset, long[] shape, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        storage(type, key, elements).integer(offset);
        mark();
        for (long d : shape) {
            integer(d);
        }
        tuple().mark();
        for (long s : stride) {
            integer(s);
        }
        tuple().op(0x89).global("collections", "OrderedDict").emptyTuple().reduce();
        return tuple().reduce();
    }

    private PickleBuilder le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
