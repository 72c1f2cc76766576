// MEASUREMENT DEVICE (docs/bench/kotlin-levers.md): the "no fresh JNA Memory per RustBuffer" lever. A RustBuffer
// layout whose Structure takes its native mirror from a small per-thread ring of Memory blocks
// (JNA's protected Structure.autoAllocate), instead of a new Memory (malloc + Cleaner
// PhantomReference) per instance, bound by JNA direct mapping to the same two ffi functions.
// Sound only while no call holds more live buffers than the ring has slots (JNA writes the Java
// fields to the mirror before each call and reads them back after).
package io.callverify.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.List;

public final class PooledLever {
    private PooledLever() {}

    @Structure.FieldOrder({"capacity", "len", "data"})
    public static class PooledRustBuffer extends Structure implements Structure.ByValue {
        public long capacity;
        public long len;
        public Pointer data;

        private static final int SLOTS = 16;
        private static final ThreadLocal<Memory[]> RING = ThreadLocal.withInitial(() -> {
            Memory[] r = new Memory[SLOTS];
            for (int i = 0; i < SLOTS; i++) r[i] = new Memory(24);
            return r;
        });
        private static final ThreadLocal<int[]> NEXT = ThreadLocal.withInitial(() -> new int[1]);

        @Override
        protected Memory autoAllocate(int size) {
            if (size > 24) return super.autoAllocate(size);
            int[] n = NEXT.get();
            Memory m = RING.get()[n[0]];
            n[0] = (n[0] + 1) & (SLOTS - 1);
            return m;
        }
    }

    public static final class Lib {
        static {
            io.callverify.UniffiLib.INSTANCE.ensureInitialized$callverify();   // loads the library first
            Native.register(Lib.class, NativeLibrary.getInstance("callverify_mobile"));
        }
        public static native PooledRustBuffer ffi_callverify_mobile_rustbuffer_alloc(long size, Pointer status);
        public static native void ffi_callverify_mobile_rustbuffer_free(PooledRustBuffer buf, Pointer status);
    }
}
