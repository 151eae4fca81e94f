package dev.jacobilens.engine.model;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Unmaps a memory-mapped buffer now instead of when the garbage collector gets to it. A mapped
 * tensor's pages count in the process's resident memory for as long as the mapping lives; a 14 GB
 * checkpoint whose mappings waited for the collector would sit in memory beside its copy in the
 * engine. {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported) is the JDK's own way to
 * do this; where it is unavailable the mapping is left to the collector, which is correct, only
 * later.
 */
final class MappedBuffers {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            cleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private MappedBuffers() {
    }

    /** Frees a direct buffer's memory (or mapping) at once; the buffer must not be touched again. */
    static void free(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || buffer == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a slice or duplicate has no cleaner of its own: the collector frees it with its parent
        }
    }
}
