#!/usr/bin/env python3
"""Where the full analysis of an LLM checkpoint spends its time, stage by stage, against the flop
count of its Gram products and tridiagonalisations.

    scripts/bench/llm_stages.py MODEL_DIR [--layer 0] [--threads 2]

MODEL_DIR is a Hugging Face-style folder, e.g. the 7B checkpoint made by
`weightlab sample --model llama-7b --dist 'gaussian(sigma=0.02)' --schedule 'linear(0.02, 0.01)'
--dtype bf16 --seed 1 --output llama-7b/`. The tensors of one decoder layer (`layers.L.`) are
analysed five times, each run one whole process that adds a stage to the one before:

  moments        --moments-only
  statistics     every statistic but the spectra (--max-spectrum-side 2)
  spectrum       + the Gram matrix and its eigenvalues, the Marchenko–Pastur check and the
                   power-law fit (--no-traps --bootstrap 0 --no-tail-comparisons)
  traps          + the permuted matrix's Gram matrix and eigenvalues (--bootstrap 0 --no-tail-comparisons)
  everything     + the CSN bootstrap and the likelihood-ratio tests (the default)

A stage's cost is the difference of CPU seconds (user + system) between consecutive runs. The flop
count of a matrix m×n with k = min(m, n), K = max(m, n): Gram product k²K (dsyrk, half of the
2k²K of a full product), tridiagonalisation 4k³/3 (one-stage dsytrd; the two-stage reduction
does about as many), eigenvalues from the tridiagonal matrix O(k²). The whole model's estimate
scales the layer by the number of layers and adds the embedding and output matrices at the same
GFLOP/s. Needs a release build.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import timed

root = Path(__file__).resolve().parent.parent.parent
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("model")
parser.add_argument("--layer", type=int, default=0)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                        capture_output=True, text=True).stdout.strip() + "/weightlab"

# The matrices of the model, from the safetensors headers (8-byte length, then JSON).
shapes = {}
for f in sorted(Path(args.model).glob("*.safetensors")):
    with open(f, "rb") as h:
        size = int.from_bytes(h.read(8), "little")
        header = json.loads(h.read(size))
    shapes.update({k: v["shape"] for k, v in header.items() if k != "__metadata__"})
layer_pattern = rf"layers\.{args.layer}\."
layer = {k: s for k, s in shapes.items() if re.search(layer_pattern, k)}
layers = len({m.group(1) for k in shapes if (m := re.search(r"layers\.(\d+)\.", k))})
others = {k: s for k, s in shapes.items() if "layers." not in k and len(s) == 2}
if not layer:
    sys.exit(f"no tensor of {args.model} matches {layer_pattern}")


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def flops(matrices):
    gram = sum(min(s) ** 2 * max(s) for s in matrices.values() if len(s) == 2)
    tridiagonal = sum(4 * min(s) ** 3 / 3 for s in matrices.values() if len(s) == 2)
    return gram, tridiagonal


stages = [
    ("moments", ["--moments-only"]),
    ("statistics", ["--max-spectrum-side", "2"]),
    ("spectrum", ["--no-traps", "--bootstrap", "0", "--no-tail-comparisons"]),
    ("traps", ["--bootstrap", "0", "--no-tail-comparisons"]),
    ("everything", []),
]
load = os.getloadavg()[0]
rows = []
with tempfile.TemporaryDirectory() as tmp:
    for label, flags in stages:
        cmd = [binary, "analyze", args.model, "--tensors", layer_pattern, "--json", f"{tmp}/{label}.json",
               "--quiet", "--force", "--threads", str(args.threads)] + flags
        rows.append((label, *timed(cmd)))

gram, tridiagonal = flops(layer)
print(f"model: {Path(args.model).name}; layer {args.layer}: {len(layer)} tensors, "
      f"{sum(1 for s in layer.values() if len(s) == 2)} matrices; {layers} layers; "
      f"load average before the run: {load:.2f}; {os.cpu_count()} cores; --threads {args.threads}")
print(f"flops of the layer: Gram products {gram / 1e9:.0f} G, tridiagonalisations {tridiagonal / 1e9:.0f} G")
print(f"{'run':<12} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'stage CPU s':>12}")
previous = 0.0
stage_cpu = {}
for label, wall, cpu, rss in rows:
    stage_cpu[label] = cpu - previous
    print(f"{label:<12} {wall:8.2f} {cpu:8.2f} {rss:12.0f} {cpu - previous:12.2f}")
    previous = cpu
# The spectrum stage does one Gram product and one eigendecomposition per matrix, the traps stage another.
rate = (gram + tridiagonal) / max(stage_cpu["spectrum"], 1e-9) / 1e9
print(f"spectrum stage: {rate:.1f} GFLOP/s of CPU time (Gram + tridiagonalisation flops / stage CPU s)")
eg, et = flops(others)
per_layer = rows[-1][2]
# Outside the layers: the spectral stages at the layer's CPU seconds per flop, everything else at
# its CPU seconds per value.
per_flop = (stage_cpu["spectrum"] + stage_cpu["traps"] + stage_cpu["everything"]) / max(gram + tridiagonal, 1)
per_value = (stage_cpu["moments"] + stage_cpu["statistics"]) / sum(count(s) for s in layer.values())
outside = per_flop * (eg + et) + per_value * sum(count(s) for s in others.values())
whole = per_layer * layers + outside
print(f"whole model, estimated from this layer: {whole:.0f} CPU s ({per_layer:.1f} s per layer × {layers} "
      f"+ {outside:.0f} s for the {len(others)} embedding/output matrices); "
      f"{whole / args.threads / 60:.1f} min on {args.threads} busy cores")
