#!/usr/bin/env python3
"""Interop between WeightLab and the real clients of its files: Python's safetensors and NumPy.

    safetensors_roundtrip.py check DIR   verify files WeightLab wrote into DIR
    safetensors_roundtrip.py write DIR   write files for WeightLab to read back

Every tensor holds a known pattern, so both sides compare against the same formula:
    exact(i) = ((i * 37) % 512 - 256) / 8     (exactly representable in f16, bf16, f32, f64)
    fine(i)  = i * 0.37 - 5                   (computed in float64, then rounded to the dtype)
Arbitrary bit patterns (random bits, NaNs with payloads, infinities, -0, subnormals) travel with a
raw little-endian sidecar (*.bin) holding the bits the tensor must have; f16/bf16 conversions of
special values are checked against NumPy's float32 -> float16 and round-to-nearest-even bf16.
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
    check_bits(d)
    print("interop: every WeightLab file loads in safetensors/numpy with the expected values")


def bf16_bits(f32):
    """Round-to-nearest-even float32 -> bfloat16 bits; NaN stays a (quiet) NaN."""
    u = f32.view(np.uint32).astype(np.uint64)
    out = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(f32)
    out[nan] = ((u[nan] >> 16) | 0x40).astype(np.uint16)
    return out


def same_bits(got_bits, got_nan, want_bits, want_nan, what):
    """Equal bit patterns, except that any NaN may stand for any NaN."""
    if got_bits.shape != want_bits.shape:
        fail(f"{what}: {got_bits.shape[0]} values, expected {want_bits.shape[0]}")
    bad = np.flatnonzero((got_bits != want_bits) & ~(got_nan & want_nan))
    if bad.size:
        i = bad[0]
        fail(f"{what}: {bad.size} values differ, first at {i}: {got_bits[i]:#x} != {want_bits[i]:#x}")


def check_bits(d):
    """Swift's random-bit and special-value tensors, against the bits in its sidecars."""
    f32_bits = np.fromfile(d / "swift_bits_f32.bin", dtype="<u4")
    f64_bits = np.fromfile(d / "swift_bits_f64.bin", dtype="<u8")
    tensors = load_file(str(d / "swift_bits.safetensors"))
    # Exact bits, NaN payloads included: f32/f64 are copied, never converted.
    for name, bits in [("f32", f32_bits), ("f64", f64_bits)]:
        if tensors[name].tobytes() != bits.tobytes():
            fail(f"swift_bits.safetensors: {name}: bits differ")
    for descr, bits in [("f4", f32_bits), ("f8", f64_bits)]:
        if np.load(d / f"swift_bits_{descr}.npy").tobytes() != bits.tobytes():
            fail(f"swift_bits_{descr}.npy: bits differ")
    special = np.fromfile(d / "swift_special_f32.bin", dtype="<u4").view(np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        want_f16 = special.astype(np.float16)
    for what, got in [("swift_special_F16.safetensors", load_file(str(d / "swift_special_F16.safetensors"))["special"]),
                      ("swift_special_f2.npy", np.load(d / "swift_special_f2.npy"))]:
        same_bits(got.view(np.uint16), np.isnan(got), want_f16.view(np.uint16), np.isnan(want_f16), what)
    bf16, _ = read_bf16(d / "swift_special_BF16.safetensors")
    got = bf16["special"]
    same_bits((got.view(np.uint32) >> 16).astype(np.uint16), np.isnan(got), bf16_bits(special), np.isnan(special),
              "swift_special_BF16.safetensors")


def write_bits(d):
    """Random bit patterns and special values as f32/f64 (safetensors and .npy) with sidecars."""
    rng = np.random.default_rng(2026)
    special32 = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1.1754944e-38, 3.4028235e38, 65504, 65520,
                          2.0**-24, 2.0**-25, 3 * 2.0**-26, -2.5], dtype=np.float32)
    special32 = np.concatenate([special32, np.array([0x7FC01234, 0xFF800001, 0x00000001, 0x807FFFFF], dtype="<u4").view(np.float32)])
    with np.errstate(invalid="ignore"):
        widened = special32.astype(np.float64)
    special64 = np.concatenate([widened, np.array([5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]),
                                np.array([0x7FF8000000001234, 0xFFF0000000000001], dtype="<u8").view(np.float64)])
    f32 = np.concatenate([rng.integers(0, 2**32, 4096, dtype=np.uint64).astype("<u4").view(np.float32), special32])
    f64 = np.concatenate([rng.integers(0, 2**64, 4096, dtype=np.uint64, endpoint=False).astype("<u8").view(np.float64), special64])
    save_file({"f32": f32, "f64": f64}, str(d / "py_bits.safetensors"))
    np.save(d / "py_bits_f4.npy", f32)
    np.save(d / "py_bits_f8.npy", f64)
    f32.view("<u4").tofile(d / "py_bits_f32.bin")
    f64.view("<u8").tofile(d / "py_bits_f64.bin")


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
    write_bits(d)
    print("interop: python files written")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "write"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    (check if sys.argv[1] == "check" else write)(sys.argv[2])
