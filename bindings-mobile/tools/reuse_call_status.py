#!/usr/bin/env python3
"""EXPERIMENT (benchmark only; the shipped bindings are not patched).

Rewrites a copy of UniFFI's generated Kotlin so every FFI call reuses one per-thread
`UniffiRustCallStatus` instead of allocating a new JNA Structure for each call, which is where most
of the per-call cost of the generated code goes (see docs/bench/kotlin.md).

Safe only for APIs without callback interfaces (nothing here calls back into Kotlin during a call).
Usage: reuse_call_status.py IN.kt OUT.kt   (fails if the generated code no longer has the snippet)
"""
import sys

OLD = """    var status = UniffiRustCallStatus()
    val return_value = callback(status)"""
NEW = """    val status = uniffiCallStatusPerThread.get()
    status.code = 0
    val return_value = callback(status)"""
ANCHOR = "private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError("
POOL = ("internal val uniffiCallStatusPerThread: ThreadLocal<UniffiRustCallStatus> =\n"
        "    ThreadLocal.withInitial { UniffiRustCallStatus() }\n\n")


def main(src, dst):
    text = open(src, encoding="utf-8").read()
    if text.count(OLD) != 1 or text.count(ANCHOR) != 1:
        sys.exit("reuse_call_status: the generated code changed; update the patch")
    text = text.replace(OLD, NEW).replace(ANCHOR, POOL + ANCHOR)
    open(dst, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
