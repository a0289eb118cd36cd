#!/usr/bin/env python3
"""Interop between WeightLab and the real clients of its files: Python's safetensors and NumPy.

    safetensors_roundtrip.py check DIR   verify files WeightLab wrote into DIR
    safetensors_roundtrip.py write DIR   write files for WeightLab to read back

Every tensor holds a known pattern, so both sides compare against the same formula:
    exact(i) = ((i * 37) % 512 - 256) / 8     (exactly representable in f16, bf16, f32, f64)
    fine(i)  = i * 0.37 - 5                   (computed in float64, then rounded to the dtype)
Exit status 0 when everything matches; a message and status 1 otherwise.
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file


def exact(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 37) % 512 - 256).astype(np.float64) / 8


def fine(n):
    return np.arange(n, dtype=np.float64) * 0.37 - 5


SHAPES = {"exact": (3, 5, 7), "fine": (64, 33), "scalar": (), "empty": (0, 4)}


def expected(name, dtype):
    shape = SHAPES[name]
    n = int(np.prod(shape)) if shape else 1
    values = exact(n) if name != "fine" else fine(n)
    if name == "scalar":
        values = np.array([2.5])
    return values.astype(dtype).reshape(shape)


def read_bf16(path):
    """safetensors.numpy cannot hold bfloat16; read the layout by hand and widen to float32."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "BF16", entry
        b, e = entry["data_offsets"]
        bits = np.frombuffer(raw[8 + n + b:8 + n + e], dtype="<u2").astype(np.uint32) << 16
        out[name] = bits.view(np.float32).reshape(entry["shape"])
    return out, header.get("__metadata__", {})


def fail(message):
    print(f"interop: {message}", file=sys.stderr)
    sys.exit(1)


def check(directory):
    d = Path(directory)
    for dtype, np_dtype in [("F32", np.float32), ("F64", np.float64), ("F16", np.float16)]:
        tensors = load_file(str(d / f"swift_{dtype}.safetensors"))
        for name in ["exact", "fine", "scalar", "empty"]:
            want = expected(name, np_dtype) if name != "fine" or dtype != "F16" else fine(64 * 33).astype(np.float32).astype(np.float16).reshape(64, 33)
            got = tensors[name]
            if got.dtype != np_dtype or got.shape != want.shape:
                fail(f"swift_{dtype}.safetensors: {name}: {got.dtype}{got.shape} != {want.dtype}{want.shape}")
            if got.tobytes() != want.tobytes():
                fail(f"swift_{dtype}.safetensors: {name}: values differ")
    bf16, meta = read_bf16(d / "swift_BF16.safetensors")
    if meta.get("seed") != "7":
        fail(f"swift_BF16.safetensors: metadata {meta}")
    if not np.array_equal(bf16["exact"], expected("exact", np.float32)):
        fail("swift_BF16.safetensors: exact values differ")
    # fine(i) rounded to bf16 by round-to-nearest-even from float32.
    f32 = fine(64 * 33).astype(np.float32).view(np.uint32).astype(np.uint64)
    rne = ((f32 + 0x7FFF + ((f32 >> 16) & 1)) >> 16).astype(np.uint32) << 16
    if not np.array_equal(bf16["fine"].ravel().view(np.uint32), rne.astype(np.uint32)):
        fail("swift_BF16.safetensors: fine values are not round-to-nearest-even")
    for dtype, np_dtype in [("f2", np.float16), ("f4", np.float32), ("f8", np.float64)]:
        a = np.load(d / f"swift_{dtype}.npy")
        want = expected("exact", np_dtype)
        if a.dtype != np_dtype or a.shape != want.shape or not np.array_equal(a, want):
            fail(f"swift_{dtype}.npy: {a.dtype}{a.shape} does not match")
    print("interop: every WeightLab file loads in safetensors/numpy with the expected values")


def write(directory):
    d = Path(directory)
    for dtype, np_dtype in [("F32", np.float32), ("F64", np.float64), ("F16", np.float16)]:
        save_file({name: expected(name, np_dtype) for name in SHAPES}, str(d / f"py_{dtype}.safetensors"),
                  metadata={"writer": "python"})
    # BF16 by hand: header + round-to-nearest-even bits of the exact pattern.
    values = expected("exact", np.float32)
    bits = (values.view(np.uint32) >> 16).astype("<u2")
    header = {"exact": {"dtype": "BF16", "shape": list(values.shape), "data_offsets": [0, bits.nbytes]}}
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    (d / "py_BF16.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + bits.tobytes())
    for version in [(1, 0), (2, 0), (3, 0)]:
        for dtype, np_dtype in [("f2", np.float16), ("f4", np.float32), ("f8", np.float64)]:
            with open(d / f"py_v{version[0]}_{dtype}.npy", "wb") as f:
                np.lib.format.write_array(f, expected("exact", np_dtype), version=version)
    np.save(d / "py_fortran.npy", np.asfortranarray(expected("fine", np.float32)))
    print("interop: python files written")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "write"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    (check if sys.argv[1] == "check" else write)(sys.argv[2])
