#!/usr/bin/env python3
"""Checks the generated Swift (and Kotlin) sources against the built library.

No Swift compiler exists on the build machine, so the Swift output is checked statically. The
library holds two UniFFI components, each checked on its own: the binding (crate callverify_mobile:
`CallVerify.swift` + `CallVerifyFFI.{h,modulemap}`, Kotlin `io/callverify/callverify.kt`) and the
core's records and enums (crate callverify_core: `CallVerifyCore.swift` + `CallVerifyCoreFFI.{h,modulemap}`,
Kotlin `io/callverify/core/callverify_core.kt`). For each:

* the files exist (Swift file, FFI header, FFI module map, Kotlin file);
* the module map names the FFI module the Swift file imports and a header that exists;
* every scaffolding symbol the library exports is declared in the header, and every function the
  header declares is exported by the library (header and library agree);
* every exported function, method and constructor is called from the Swift file and appears
  there under its public Swift name (and in the Kotlin file under its Kotlin name);
* every API checksum the library exports is checked by the Swift file.

And across them: the binding's Kotlin imports every core type it uses from `io.callverify.core`
and declares none again, and every converter of a core type the binding's Swift calls is public in
the core's Swift file. (The binding's Swift file does not `import CallVerifyCore`: UniFFI expects
both Swift files compiled into one Swift module; that is printed as a note.)

Usage: check_generated.py LIBRARY GENERATED_DIR
Prints one line per check ("ok ..." / "FAIL ...") and ends with "N passed, M failed".
"""

import os
import re
import subprocess
import sys

# (crate, Swift module, FFI module, Kotlin file, Kotlin package) of each component.
COMPONENTS = [
    ("callverify_mobile", "CallVerify", "CallVerifyFFI",
     os.path.join("kotlin", "io", "callverify", "callverify.kt"), "io.callverify"),
    ("callverify_core", "CallVerifyCore", "CallVerifyCoreFFI",
     os.path.join("kotlin", "io", "callverify", "core", "callverify_core.kt"), "io.callverify.core"),
]

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}")


def camel(snake):
    head, *rest = snake.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def exported_symbols(library, crate):
    out = subprocess.run(
        ["nm", "-D", "--defined-only", library], check=True, capture_output=True, text=True
    ).stdout
    names = [line.split()[-1] for line in out.splitlines() if line.split()]
    prefixes = (f"uniffi_{crate}_", f"ffi_{crate}_")
    return sorted(n for n in names if n.startswith(prefixes))


def main(library, generated):
    sources = {}
    for crate, swift_module, ffi_module, kotlin_file, package in COMPONENTS:
        print(f"-- component {crate} (Swift {swift_module}, Kotlin {package})")
        sources[crate] = check_component(library, generated, crate, swift_module, ffi_module, kotlin_file, package)
    if any(v is None for v in sources.values()):
        return

    print("-- between the components")
    (swift, kotlin), (core_swift, core_kotlin) = sources["callverify_mobile"], sources["callverify_core"]
    # Kotlin: the binding's file imports the core's types from their package.
    core_types = sorted(set(re.findall(r"^(?:data class|enum class|sealed class|open class) (\w+)", core_kotlin, re.M))
                        - {"RustBuffer", "ForeignBytes", "UniffiRustCallStatus"})
    check("the core's Kotlin declares the records and enums", len(core_types) >= 20, ", ".join(core_types))
    imported = set(re.findall(r"^import io\.callverify\.core\.(\w+)$", kotlin, re.M))
    used = [t for t in core_types if re.search(rf"\b{t}\b", kotlin)]
    check("the binding's Kotlin imports every core type it uses from io.callverify.core",
          used and not [t for t in used if t not in imported], ", ".join(t for t in used if t not in imported))
    check("the binding's Kotlin declares no core type again",
          not [t for t in core_types if re.search(rf"^(?:data class|enum class|sealed class) {t}\b", kotlin, re.M)])
    # Swift: every converter of a core type the binding calls is public in the core's file.
    converters = sorted(set(re.findall(r"\b(FfiConverterType\w+?_(?:lift|lower))\(", swift)))
    local = set(re.findall(r"func (FfiConverterType\w+?_(?:lift|lower))\(", swift))
    external = [c for c in converters if c not in local]
    missing = [c for c in external if not re.search(rf"public func {c}\(", core_swift)]
    check(f"the {len(external)} core converters the binding's Swift calls are public in CallVerifyCore.swift",
          external and not missing, ", ".join(missing))
    # The binding's Swift file does not import CallVerifyCore: both files compile into one Swift module.
    if "import CallVerifyCore\n" not in swift:
        print("note CallVerify.swift does not import CallVerifyCore: compile both Swift files into one module")


def check_component(library, generated, crate, swift_module, ffi_module, kotlin_file, package):
    """The checks of one component; its (Swift, Kotlin) text, or None when a file is missing."""
    swift_dir = os.path.join(generated, "swift")
    swift_path = os.path.join(swift_dir, f"{swift_module}.swift")
    header_path = os.path.join(swift_dir, f"{ffi_module}.h")
    modulemap_path = os.path.join(swift_dir, f"{ffi_module}.modulemap")
    kotlin_path = os.path.join(generated, kotlin_file)

    present = True
    for path in (swift_path, header_path, modulemap_path, kotlin_path):
        exists = os.path.isfile(path)
        present = present and exists
        check(f"file exists: {os.path.relpath(path, generated)}", exists)
    if not present:
        return None

    swift = open(swift_path, encoding="utf-8").read()
    header = open(header_path, encoding="utf-8").read()
    modulemap = open(modulemap_path, encoding="utf-8").read()
    kotlin = open(kotlin_path, encoding="utf-8").read()
    check(f"Kotlin file is in package {package}", re.search(rf"^package {re.escape(package)}$", kotlin, re.M) is not None)

    # Module map <-> header <-> Swift import.
    m = re.search(r"module\s+(\w+)\s*\{", modulemap)
    check("modulemap declares the FFI module", bool(m) and m.group(1) == ffi_module,
          f"found {m.group(1) if m else None!r}")
    headers = re.findall(r'header\s+"([^"]+)"', modulemap)
    check("modulemap names exactly one header", len(headers) == 1, str(headers))
    check("modulemap header exists next to it",
          len(headers) == 1 and os.path.isfile(os.path.join(swift_dir, headers[0])))
    check("Swift file imports the FFI module",
          f"canImport({ffi_module})" in swift and f"import {ffi_module}" in swift)
    check("header has the RustBuffer and RustCallStatus types",
          "typedef struct RustBuffer" in header and "typedef struct RustCallStatus" in header)

    # Library <-> header.
    symbols = exported_symbols(library, crate)
    # UniFFI 0.32 exports checksums for methods of enums, records and errors but neither the Swift
    # nor the Kotlin generator declares or checks them (only object methods, functions and
    # constructors are checked); they are listed, not counted as failures.
    objects = {s.rsplit("_fn_free_", 1)[1] for s in symbols if f"_{crate}_fn_free_" in s}
    checksum_prefix = f"uniffi_{crate}_checksum_method_"
    unchecked_by_uniffi = [
        s for s in symbols
        if s.startswith(checksum_prefix) and not any(s[len(checksum_prefix):].startswith(o + "_") for o in objects)
    ]
    for s in unchecked_by_uniffi:
        print(f"note {s}: a checksum UniFFI's generators do not use (method of a non-object type)")
    symbols = [s for s in symbols if s not in unchecked_by_uniffi]
    check("library exports scaffolding symbols", len(symbols) > 20, f"{len(symbols)} found")
    declared = set(re.findall(rf"\b((?:uniffi|ffi)_{crate}_\w+)\s*\(", header))
    missing_in_header = [s for s in symbols if s not in declared]
    check("every exported symbol is declared in the header", not missing_in_header,
          ", ".join(missing_in_header))
    not_exported = sorted(d for d in declared if d not in set(symbols))
    check("every header function is exported by the library", not not_exported,
          ", ".join(not_exported))

    # Each API entry point: called from Swift, public in Swift, present in Kotlin.
    fn_prefix = f"uniffi_{crate}_fn_"
    api = [s for s in symbols if s.startswith(fn_prefix)
           and not s.startswith((fn_prefix + "clone_", fn_prefix + "free_"))]
    for sym in api:
        rest = sym[len(fn_prefix):]
        in_swift = re.search(rf"\b{sym}\s*\(", swift) is not None
        if rest.startswith("func_"):
            name = camel(rest[len("func_"):])
            swift_ok = re.search(rf"public func {name}\s*\(", swift) is not None
            kotlin_ok = re.search(rf"fun `{name}`\s*\(", kotlin) is not None
            label = f"function {name}"
        elif rest.startswith("constructor_"):
            type_, _, ctor = rest[len("constructor_"):].partition("_")
            swift_ok = (ctor == "new" and "public convenience init(" in swift) or \
                re.search(rf"public static func {camel(ctor)}\s*\(", swift) is not None
            kotlin_ok = sym in kotlin
            label = f"constructor {type_}.{ctor}"
        elif rest.startswith("method_"):
            body = rest[len("method_"):]
            if body.endswith("_uniffi_trait_display"):
                type_ = body[: -len("_uniffi_trait_display")]
                swift_ok = "public var description: String" in swift
                kotlin_ok = "override fun toString(): String" in kotlin
                label = f"Display of {type_} (Swift description, Kotlin toString)"
            else:
                # Type names have no underscore in the symbol (lower-cased), the method name may.
                type_, _, method = body.partition("_")
                name = camel(method)
                swift_ok = re.search(rf"(public|open) func {name}\s*\(", swift) is not None
                kotlin_ok = re.search(rf"fun `{name}`\s*\(", kotlin) is not None
                label = f"method {type_}.{name}"
        else:
            swift_ok = kotlin_ok = False
            label = f"unknown entry point {sym}"
        check(f"{label}: called from Swift", in_swift)
        check(f"{label}: public in Swift", swift_ok)
        check(f"{label}: present in Kotlin", kotlin_ok and sym in kotlin)

    # API checksums: every one exported is verified by the Swift file at load time.
    checksums = [s for s in symbols if s.startswith(f"uniffi_{crate}_checksum_")]
    unchecked = [c for c in checksums if re.search(rf"\b{c}\s*\(\s*\)\s*!=", swift) is None]
    check(f"all {len(checksums)} API checksums are verified by the Swift file", checksums and not unchecked,
          ", ".join(unchecked))
    check("Swift checks the UniFFI contract version",
          f"ffi_{crate}_uniffi_contract_version" in swift)
    return swift, kotlin


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    try:
        main(sys.argv[1], sys.argv[2])
    except Exception as exc:  # report, never crash without the closing line
        check("checker ran", False, repr(exc))
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 else 1)
