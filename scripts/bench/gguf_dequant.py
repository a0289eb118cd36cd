#!/usr/bin/env python3
"""GGUF dequantisation speed: `weightlab bench --gguf` beside gguf-py (GGUFReader +
gguf.quants.dequantize) on the same file, measured in one run.

    scripts/bench/gguf_dequant.py [--values 16777216] [--rounds 3] [--threads 1 2]

Writes one GGUF file (a temporary folder) holding, per type, one tensor of --values values:
Q8_0, Q4_0 and F16 from seeded normals (gguf.quants.quantize), Q4_K and Q6_K as random blocks
with finite scales (gguf-py cannot quantise K-quants). Prints, per type, f32 output bytes per
second: WeightLab at each thread count (median of --rounds) and gguf-py (median of --rounds),
wall time and, on a busy machine the fairer figure, per second of CPU time (both sides).
Pinned: gguf == 0.19.0, numpy == 2.4.6. Needs a release build (swift build -c release).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.constants import GGML_QUANT_SIZES

root = Path(__file__).resolve().parent.parent.parent
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--values", type=int, default=1 << 24)
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
args = parser.parse_args()


def random_blocks(rng, qtype, rows, cols, halves):
    _, size = GGML_QUANT_SIZES[qtype]
    n = rows * cols // 256
    data = rng.integers(0, 256, size=(n, size), dtype=np.uint8)
    for at in halves:
        data[:, at:at + 2] = (np.abs(rng.normal(0, 1e-3, n)) + 1e-4).astype(np.float16).view(np.uint8).reshape(-1, 2)
    return data.reshape(rows, -1)


def write(path):
    rng = np.random.default_rng(1)
    rows, cols = args.values // 4096, 4096
    x = rng.normal(0, 0.02, size=(rows, cols)).astype(np.float32)
    w = gguf.GGUFWriter(path, "llama")
    w.add_tensor("f16", x.astype(np.float16))
    w.add_tensor("q8_0", gguf.quants.quantize(x, T.Q8_0), raw_dtype=T.Q8_0)
    w.add_tensor("q4_0", gguf.quants.quantize(x, T.Q4_0), raw_dtype=T.Q4_0)
    w.add_tensor("q4_k", random_blocks(rng, T.Q4_K, rows, cols, [0, 2]), raw_dtype=T.Q4_K)
    w.add_tensor("q6_k", random_blocks(rng, T.Q6_K, rows, cols, [208]), raw_dtype=T.Q6_K)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def python_peer(path):
    wall, cpu = {}, {}
    for _ in range(args.rounds):
        reader = gguf.GGUFReader(path)
        for t in reader.tensors:
            start, cpu_start = time.perf_counter(), time.process_time()
            values = gguf.quants.dequantize(t.data, t.tensor_type)
            np.asarray(values, dtype=np.float32)
            wall.setdefault(t.tensor_type.name, []).append(time.perf_counter() - start)
            cpu.setdefault(t.tensor_type.name, []).append(time.process_time() - cpu_start)
    return ({k: statistics.median(v) for k, v in wall.items()}, {k: statistics.median(v) for k, v in cpu.items()})


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.gguf")
        write(path)
        binary = root / ".build" / "release" / "weightlab"
        cmd = [str(binary), "bench", "--no-sampling", "--gguf", path, "--repeat", str(args.rounds), "--threads", *map(str, args.threads)]
        ours = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        peer, peer_cpu = python_peer(path)
    print("f32 GB/s of output: wall time | per CPU second")
    print(f"{'type':6}  " + "  ".join(f"WeightLab {t} thr" for t in args.threads) + "  gguf-py  |  WeightLab 1 thr  gguf-py")
    for name in sorted(peer):
        rows = {r["threads"]: r for r in ours if r.get("type") == name}
        if not rows:
            continue
        values = rows[args.threads[0]]["values"]
        gb = lambda seconds: values * 4 / seconds / 1e9
        cells = "  ".join(f"{rows[t]['f32_bytes_per_second'] / 1e9:>15.2f}" for t in args.threads)
        one = rows[args.threads[0]]["f32_bytes_per_cpu_second"] / 1e9
        print(f"{name:6}  {cells}  {gb(peer[name]):>7.2f}  |  {one:>15.2f}  {gb(peer_cpu[name]):>7.2f}")


if __name__ == "__main__":
    main()
