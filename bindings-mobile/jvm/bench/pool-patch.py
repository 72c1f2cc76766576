# MEASUREMENT DEVICE, never part of the product (docs/bench/kotlin-levers.md): a hand patch of the
# generated Kotlin, applied from the repository root after `bash scripts/generate-mobile.sh --release`
# and before `(cd bindings-mobile/jvm && mvn -o install -DskipTests)`; regenerating drops it. Sound only
# while no call holds more than 16 live RustBuffer/ForeignBytes structures on one thread.
# RustBuffer (both files) and ForeignBytes take their JNA native mirror from a per-thread ring of 16
# Memory blocks (Structure.autoAllocate) instead of a fresh Memory + Cleaner PhantomReference each.
ring = '''
internal object UniffiStructRing {
    private val ring = object : ThreadLocal<Array<com.sun.jna.Memory>>() {
        override fun initialValue() = Array(16) { com.sun.jna.Memory(32) }
    }
    private val next = object : ThreadLocal<IntArray>() {
        override fun initialValue() = IntArray(1)
    }
    fun take(size: Int): com.sun.jna.Memory? {
        if (size > 32) return null
        val n = next.get()!!
        val m = ring.get()!![n[0]]
        n[0] = (n[0] + 1) and 15
        return m
    }
}
'''
OVR = '    override fun autoAllocate(size: Int): com.sun.jna.Memory = UniffiStructRing.take(size) ?: super.autoAllocate(size)\n'
for p in ['bindings-mobile/generated/kotlin/io/callverify/callverify.kt',
          'bindings-mobile/generated/kotlin/io/callverify/core/callverify_core.kt']:
    s = open(p).read()
    a = 'open class RustBuffer : Structure() {\n'
    assert s.count(a) == 1, p
    s = s.replace(a, a + OVR)
    b = 'internal open class ForeignBytes : Structure() {\n'
    s = s.replace(b, b + OVR)
    i = s.index('@Structure.FieldOrder("capacity", "len", "data")')
    s = s[:i] + ring.lstrip('\n') + '\n' + s[i:]
    open(p, 'w').write(s)
