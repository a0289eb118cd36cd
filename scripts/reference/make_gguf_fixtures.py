#!/usr/bin/env python3
"""Writes the GGUF fixtures of Tests/TensorIOTests/Fixtures/gguf with gguf-py, the reference
writer and dequantiser of llama.cpp's format.

Pinned versions (checked with pip show when the fixtures were written):
    gguf  == 0.19.0
    numpy == 2.4.6
    safetensors == 0.8.0 (only for the base of the quantisation-error fixture)

Files:
    types.gguf           one tensor of every type WeightLab decodes: F32, F16, BF16, F64 written
                         directly; Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 from gguf.quants.quantize of seeded
                         normals; Q2_K..Q6_K as raw random blocks (gguf-py cannot quantise them)
                         with finite f16 scales; IQ4_NL and I32 tensors WeightLab lists as
                         unsupported; metadata of every value type incl. nested arrays.
    types/<tensor>.f32   gguf.quants.dequantize of each tensor as read back by GGUFReader, raw
                         little-endian f32 (F64 tensors: <tensor>.f64, the values themselves).
    types.json           per tensor: ggml type name, row-major shape, data bytes; the metadata.
    aligned64.gguf       general.alignment = 64.
    split-0000i-of-00002.gguf  one checkpoint in two files (split_max_tensors=2), with
                         split/<tensor>.f32 references.
    quant-error.gguf, quant-error-base.safetensors, quant-error.json: a Q8_0 matrix and the f32
                         matrix it was quantised from; the JSON holds mean and (population) std of
                         ΔW = dequantize(Q8_0) − base in double precision.

Run from the repository root: python3 scripts/reference/make_gguf_fixtures.py
"""
import json
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.constants import GGML_QUANT_SIZES

OUT = os.path.join("Tests", "TensorIOTests", "Fixtures", "gguf")
PINNED = {"gguf": "0.19.0", "numpy": "2.4.6"}


def check_versions():
    from importlib.metadata import version
    for name, want in PINNED.items():
        have = version(name)
        if have != want:
            sys.exit(f"make_gguf_fixtures: {name} {have} installed, the fixtures pin {want}")


def raw_blocks(rng, qtype, rows, n_blocks):
    """Random bytes for `rows` rows of `n_blocks` blocks of a K-quant, with every f16 field
    (d, and dmin where the type has one) replaced by a finite value of the size real files hold."""
    block, size = GGML_QUANT_SIZES[qtype]
    data = rng.integers(0, 256, size=(rows * n_blocks, size), dtype=np.uint8)
    halves = {T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208], T.IQ4_NL: [0]}[qtype]
    for at in halves:
        scale = (np.abs(rng.normal(0, 1e-3, size=rows * n_blocks)) + 1e-4).astype(np.float16)
        data[:, at:at + 2] = scale.view(np.uint8).reshape(-1, 2)
    return data.reshape(rows, n_blocks * size)


def add_metadata(w):
    w.add_name("weightlab-fixture")
    w.add_uint8("test.u8", 200)
    w.add_int8("test.i8", -100)
    w.add_uint16("test.u16", 60000)
    w.add_int16("test.i16", -30000)
    w.add_uint32("test.u32", 4000000000)
    w.add_int32("test.i32", -2000000000)
    w.add_float32("test.f32", 0.25)
    w.add_uint64("test.u64", 18000000000000000000)
    w.add_int64("test.i64", -9000000000000000000)
    w.add_float64("test.f64", -1.5e-300)
    w.add_bool("test.bool", True)
    w.add_string("test.string", "grüße ✓")
    w.add_array("test.strings", ["a", "bc", ""])
    w.add_array("test.floats", [1.0, -2.5])
    w.add_array("test.nested", [[1, 2], [3, 4, 5]])
    w.add_array("test.nested3", [[["x"], ["y", "z"]], [["w"]]])


def write_types(rng):
    w = gguf.GGUFWriter(os.path.join(OUT, "types.gguf"), "llama")
    add_metadata(w)
    x = lambda shape: (rng.normal(0, 0.02, size=shape)).astype(np.float32)
    w.add_tensor("f32.weight", x((3, 64)))
    w.add_tensor("f32.cube", x((2, 3, 32)))
    w.add_tensor("f16.weight", x((3, 64)).astype(np.float16))
    w.add_tensor("bf16.weight", gguf.quants.quantize(x((3, 64)), T.BF16), raw_dtype=T.BF16)
    w.add_tensor("f64.weight", rng.normal(0, 1, size=(2, 8)))
    for q in (T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1):
        w.add_tensor(f"{q.name.lower()}.weight", gguf.quants.quantize(x((4, 64)), q), raw_dtype=q)
    for q in (T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K):
        w.add_tensor(f"{q.name.lower()}.weight", raw_blocks(rng, q, 2, 2), raw_dtype=q)
    w.add_tensor("iq4_nl.weight", raw_blocks(rng, T.IQ4_NL, 2, 1), raw_dtype=T.IQ4_NL)
    w.add_tensor("token_ids", np.arange(5, dtype=np.int32))
    finish(w)
    references("types.gguf", "types")


def finish(w):
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def references(file_name, folder):
    """Reads `file_name` back with GGUFReader and writes each tensor's dequantised values."""
    reader = gguf.GGUFReader(os.path.join(OUT, file_name))
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    listing = {"tensors": {}, "metadata": {}}
    for t in reader.tensors:
        shape = [int(n) for n in reversed(t.shape.tolist())]
        listing["tensors"][t.name] = {"type": t.tensor_type.name, "shape": shape, "bytes": int(t.n_bytes)}
        if t.tensor_type == T.F64:
            np.asarray(t.data, dtype="<f8").tofile(os.path.join(OUT, folder, t.name + ".f64"))
        elif t.tensor_type not in (T.IQ4_NL, T.I32):
            values = gguf.quants.dequantize(t.data, t.tensor_type).astype("<f4")
            assert list(values.shape) == shape, (t.name, values.shape, shape)
            values.tofile(os.path.join(OUT, folder, t.name + ".f32"))
    for field in reader.fields.values():
        if field.name.startswith("test.") and field.types[0] != gguf.GGUFValueType.ARRAY:
            listing["metadata"][field.name] = field.contents()
    with open(os.path.join(OUT, file_name.replace(".gguf", ".json")), "w") as f:
        json.dump(listing, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


def write_aligned(rng):
    w = gguf.GGUFWriter(os.path.join(OUT, "aligned64.gguf"), "llama")
    w.add_custom_alignment(64)
    w.add_tensor("a.weight", rng.normal(0, 1, size=(3, 5)).astype(np.float32))
    w.add_tensor("b.weight", rng.normal(0, 1, size=(7,)).astype(np.float32))
    finish(w)


def write_split(rng):
    w = gguf.GGUFWriter(os.path.join(OUT, "split.gguf"), "llama", split_max_tensors=2)
    for name in ("blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.1.ffn_up.weight"):
        w.add_tensor(name, gguf.quants.quantize(rng.normal(0, 0.02, size=(2, 32)).astype(np.float32), T.Q8_0), raw_dtype=T.Q8_0)
    finish(w)
    for part in ("split-00001-of-00002.gguf", "split-00002-of-00002.gguf"):
        references(part, "split")
        os.remove(os.path.join(OUT, part.replace(".gguf", ".json")))


def write_quant_error(rng):
    from safetensors.numpy import save_file
    name = "model.layers.0.mlp.up_proj.weight"
    base = rng.normal(0, 0.02, size=(16, 256)).astype(np.float32)
    save_file({name: base}, os.path.join(OUT, "quant-error-base.safetensors"))
    w = gguf.GGUFWriter(os.path.join(OUT, "quant-error.gguf"), "llama")
    w.add_tensor(name, gguf.quants.quantize(base, T.Q8_0), raw_dtype=T.Q8_0)
    finish(w)
    t = gguf.GGUFReader(os.path.join(OUT, "quant-error.gguf")).tensors[0]
    delta = gguf.quants.dequantize(t.data, T.Q8_0).astype(np.float64) - base.astype(np.float64)
    with open(os.path.join(OUT, "quant-error.json"), "w") as f:
        json.dump({"name": name, "count": int(delta.size), "mean": float(delta.mean()), "std": float(delta.std())}, f, indent=1)
        f.write("\n")


def main():
    check_versions()
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261202)
    write_types(rng)
    write_aligned(rng)
    write_split(rng)
    write_quant_error(rng)


if __name__ == "__main__":
    main()
