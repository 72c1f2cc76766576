// Where the per-RustBuffer cost of the UniFFI/JNA Kotlin binding goes, one JNA step per benchmark
// (docs/bench/kotlin-levers.md; run with bindings-mobile/jvm/bench/levers.sh). Not part of bench.sh.
// The generated UniffiLib / RustBuffer members are Kotlin `internal`, which is public in bytecode:
// this Java class calls them directly to isolate one JNA step at a time.
package io.callverify.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import io.callverify.CallverifyKt;
import io.callverify.IntegrityCheckingUniffiLib;
import io.callverify.RustBuffer;
import io.callverify.UniffiLib;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LeverBench {
    private Fixture f;
    private Pointer status;          // a zeroed RustCallStatus out-parameter (Rust writes it only on failure)
    private RustBuffer.ByValue empty; // a capacity-0 buffer from alloc(0): freeing it deallocates nothing
    private RustBuffer.ByValue held;  // a Structure with its own native memory, for read()/write()
    private static final byte[] NONE = new byte[0];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        f = new Fixture();
        UniffiLib lib = UniffiLib.INSTANCE;
        status = new Memory(64);
        ((Memory) status).clear();
        empty = lib.ffi_callverify_mobile_rustbuffer_alloc(0L, status);
        if (empty.capacity != 0L || empty.data == null) throw new IllegalStateException("alloc(0)");
        held = new RustBuffer.ByValue();
        held.capacity = 7; held.len = 5; held.data = empty.data;
        held.write();
    }

    @TearDown(Level.Trial)
    public void tearDown() { f.close(); }

    // --- 1. one crossing each -----------------------------------------------------------------
    /** JNA direct-mapped call, no argument, short result: the floor of a crossing. */
    @Benchmark public int floorChecksumCall() { return IntegrityCheckingUniffiLib.INSTANCE.uniffi_callverify_mobile_checksum_func_version(); }
    /** version(): call returning a RustBuffer by value + lift (copy 5 bytes) + rustbuffer_free. */
    @Benchmark public String versionString() { return CallverifyKt.version(); }
    /** hmacSha256(empty, empty): 2 x (rustbuffer_alloc + fill) + call with 2 buffers by value + 32-byte result + free. */
    @Benchmark public byte[] hmacEmpty() { return CallverifyKt.hmacSha256(NONE, NONE); }
    /** Kotlin side only: constructing a RustBuffer.ByValue (JNA Structure + its native Memory). */
    @Benchmark public Object newRustBufferByValue() { return new RustBuffer.ByValue(); }
    /** A JNA Memory of 24 bytes alone (malloc + registration with JNA's Cleaner, a PhantomReference). */
    @Benchmark public Object newMemory24() { return new Memory(24); }
    /** The native allocation alone, without Memory/Cleaner: Native.malloc + Native.free. */
    @Benchmark public void nativeMallocFree() { Native.free(Native.malloc(24)); }
    /** JNA's own path for a by-value result: Structure.newInstance (reflection) of the class. */
    @Benchmark public Object structureNewInstance() { return Structure.newInstance(RustBuffer.ByValue.class); }
    /** Structure.read(): native memory -> the 3 Java fields (reflection). */
    @Benchmark public long structureRead() { held.read(); return held.len; }
    /** Structure.write(): the 3 Java fields -> native memory (reflection). */
    @Benchmark public Object structureWrite() { held.write(); return held; }
    /** ffi rustbuffer_alloc(0): a native call whose only cost is returning a RustBuffer by value. */
    @Benchmark public Object rawAlloc0() { return UniffiLib.INSTANCE.ffi_callverify_mobile_rustbuffer_alloc(0L, status); }
    /** ffi rustbuffer_free(a capacity-0 buffer): a native call whose only cost is a RustBuffer argument by value. */
    @Benchmark public void rawFreeEmpty() { UniffiLib.INSTANCE.ffi_callverify_mobile_rustbuffer_free(empty, status); }
    /** ffi rustbuffer_alloc(16) + free: what an argument buffer costs in native calls alone. */
    @Benchmark public void rawAlloc16Free() {
        RustBuffer.ByValue b = UniffiLib.INSTANCE.ffi_callverify_mobile_rustbuffer_alloc(16L, status);
        UniffiLib.INSTANCE.ffi_callverify_mobile_rustbuffer_free(b, status);
    }

    // --- the pooled-Memory lever (PooledLever): same two ffi functions, no fresh Memory per Structure
    @Benchmark public Object pooledAlloc0() { return PooledLever.Lib.ffi_callverify_mobile_rustbuffer_alloc(0L, status); }
    @Benchmark public void pooledAlloc16Free() {
        PooledLever.PooledRustBuffer b = PooledLever.Lib.ffi_callverify_mobile_rustbuffer_alloc(16L, status);
        PooledLever.Lib.ffi_callverify_mobile_rustbuffer_free(b, status);
    }

    // --- 2. parsePush (a byte array in, a record out); the zero-copy `&[u8]` variant was measured with
    // a scratch export (docs/bench/kotlin-levers.md says how) ---------------------------------
    @Benchmark public Object parsePushByteArray() throws Exception { return CallverifyKt.parsePush(f.getStatus()); }
    @Benchmark public Object parsePushPlain() { return PlainKt.plainParsePush(f.getStatus()); }

    // --- context: the headline operation -----------------------------------------------------
    @Benchmark public Object callVerifyFreshBinding() { return f.bindingCallVerifyFresh(); }
    @Benchmark public Object callVerifyFreshPlain() { return f.plainCallVerifyFresh(); }
}
