#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus: small valid inputs for each parser (valid-*) and a few
broken ones (broken-*), into Tests/FuzzRegressionTests/Corpus/<target>/.

The pytorch target's seeds need torch and have their own script, make_pytorch_seeds.py.

The regression tests replay every file there: valid-* must be accepted, broken-* and the
fuzzers' crash-* finds must be rejected with a typed error. Run from the repository root:
    python3 scripts/fuzz-seeds/make_seeds.py
"""
import io
import json
import os
import shutil
import struct
import sys

import numpy as np
from safetensors.numpy import save

ROOT = os.path.join("Tests", "FuzzRegressionTests", "Corpus")


def write(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def safetensors_seeds():
    rng = np.random.default_rng(7)
    w = rng.standard_normal((4, 3)).astype(np.float32)
    write("safetensors", "valid-f32.safetensors", save({"layers.0.weight": w, "bias": w[0].copy()}, metadata={"seed": "7"}))
    write("safetensors", "valid-f16.safetensors", save({"a": w.astype(np.float16)}))
    write("safetensors", "valid-f64.safetensors", save({"a": w.astype(np.float64), "b": np.zeros((0, 3), np.float64)}))
    # BF16: the top half of each F32, written by hand (NumPy has no bfloat16).
    bf = (w.view(np.uint32) >> 16).astype(np.uint16).tobytes()
    header = json.dumps({"w": {"dtype": "BF16", "shape": [4, 3], "data_offsets": [0, len(bf)]}}).encode()
    write("safetensors", "valid-bf16.safetensors", struct.pack("<Q", len(header)) + header + bf)
    # Broken: truncated mid-tensor, a lying length prefix, offsets beyond the data.
    good = save({"a": w})
    write("safetensors", "broken-truncated.safetensors", good[:-5])
    write("safetensors", "broken-length.safetensors", struct.pack("<Q", 1 << 40) + good[8:])
    header = json.dumps({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 64]}}).encode()
    write("safetensors", "broken-offsets.safetensors", struct.pack("<Q", len(header)) + header + bytes(8))

    def raw(name, header_text, data):
        header = header_text.encode()
        write("safetensors", name, struct.pack("<Q", len(header)) + header + data)

    # Entries that only a per-tensor check catches; the first two also have good tensors, which
    # the harness reads again with skippingBadTensors.
    raw("broken-dtype.safetensors", '{"odd":{"dtype":"Q9","shape":[4],"data_offsets":[0,4]},'
        '"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', bytes(12))
    raw("broken-overlap.safetensors", '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
        '"b":{"dtype":"F16","shape":[2],"data_offsets":[4,8]},"c":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}', bytes(12))
    raw("broken-gap.safetensors", '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
        '"b":{"dtype":"I64","shape":[1],"data_offsets":[8,16]}}', bytes(16))
    raw("broken-duplicate.safetensors", '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
        '"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', bytes(8))
    raw("broken-metadata.safetensors", '{"__metadata__":{"seed":7},"a":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}', bytes(8))


def npy_seeds():
    rng = np.random.default_rng(8)
    w = rng.standard_normal((3, 5))
    for descr, dtype in (("f4", np.float32), ("f8", np.float64), ("f2", np.float16)):
        buf = io.BytesIO()
        np.save(buf, w.astype(dtype))
        write("npy", f"valid-v1-{descr}.npy", buf.getvalue())
    for version in ((2, 0), (3, 0)):
        buf = io.BytesIO()
        np.lib.format.write_array(buf, w.astype(np.float32), version=version)
        write("npy", f"valid-v{version[0]}-f4.npy", buf.getvalue())
    buf = io.BytesIO()
    np.save(buf, w.astype(np.float32))
    good = buf.getvalue()
    write("npy", "broken-short-data.npy", good[:-7])
    buf = io.BytesIO()
    np.save(buf, np.asfortranarray(w.astype(np.float32)))
    write("npy", "broken-fortran.npy", buf.getvalue())
    buf = io.BytesIO()
    np.save(buf, w.astype(np.int32))
    write("npy", "broken-int32.npy", buf.getvalue())
    write("npy", "broken-magic.npy", b"\x93NUMPZ" + good[6:])
    write("npy", "broken-not-dict.npy", good[:10] + b"['descr', '<f4']".ljust(len(good) - 10 - 60 - 1) + b"\n" + good[-60:])
    write("npy", "broken-header-length.npy", good[:8] + b"\xff\xff" + good[10:])


def scenario_seeds():
    for name in sorted(os.listdir("Scenarios")):
        if name.endswith(".yaml"):
            shutil.copy(os.path.join("Scenarios", name), os.path.join(ROOT, "scenario", "valid-" + name))
    write("scenario", "broken-syntax.yaml", "name: x\nseed: [7\n")
    write("scenario", "broken-unknown-key.yaml", "name: x\nseeds: 7\nexperiment: {sample: {law: gaussian, shape: 4x4}}\n")
    write("scenario", "broken-empty.yaml", "")


LAWS = [
    "gaussian(sigma=0.02)", "laplace(scale=0.5)", "gennorm(beta=1.5, scale=1)", "studentt(nu=5, scale=1)",
    "truncated(sigma=1, c=2)", "truncated(sigma=1, a=-1, b=3)", "truncated(sigma=1, a=3, b=5)",
    "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)",
    "mixture(scale=lognormal(0, 0.5), by=row)", "mixture(scale=gamma(2, 0.5), by=block, block=16x8)",
    "mixture(scale=uniform(0.5, 2), by=column)", "mixture(scale=twopoint(0.5, 2, 0.3), by=element)", "weibull(k=0.8, lambda=0.01)",
    "wstar(sigma=1, c=2, outliers=0.01, outlier_law=uniform(lo=4, hi=9))",
]
BROKEN_LAWS = ["gaussian(sigma=-1)", "gausian(sigma=1)", "truncated(sigma=1, a=2, b=1)", "wstar(sparsity=1.5)", "mixture(scale=", ""]


def law_seeds():
    for i, law in enumerate(LAWS):
        write("law", f"valid-{i:02d}.txt", law)
    for i, law in enumerate(BROKEN_LAWS):
        write("law", f"broken-{i:02d}.txt", law)


if __name__ == "__main__":
    if not os.path.isdir("Scenarios"):
        sys.exit("run from the repository root")
    for target in ("safetensors", "npy", "scenario", "law"):
        d = os.path.join(ROOT, target)
        if os.path.isdir(d):
            for f in os.listdir(d):
                if f.startswith(("valid-", "broken-")):
                    os.remove(os.path.join(d, f))
    os.makedirs(os.path.join(ROOT, "scenario"), exist_ok=True)
    safetensors_seeds()
    npy_seeds()
    scenario_seeds()
    law_seeds()
