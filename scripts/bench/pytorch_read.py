#!/usr/bin/env python3
"""Reading a PyTorch checkpoint: WeightLab on the same tensors as .bin (zip), legacy .bin and
.safetensors, beside torch.load(weights_only=True), measured in one run, whole processes.

    scripts/bench/pytorch_read.py [MODEL.safetensors] [--rounds 3]

MODEL defaults to all-MiniLM-L6-v2 (scripts/real-model). The script saves its tensors with
torch.save (zip and legacy formats) into a temporary folder, then times, per round and in turn:
`weightlab analyze F --moments-only --quiet` on each file, and a Python process that runs
torch.load(F, weights_only=True) and sums every floating tensor in float64 (the peer that reads
and touches the same values). Prints the median wall time, CPU time and peak RSS of each.
Pinned: torch == 2.13.0+cpu, safetensors == 0.8.0. Needs a release build.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import timed

import torch
from safetensors.torch import load_file

root = Path(__file__).resolve().parent.parent.parent
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("model", nargs="?")
parser.add_argument("--rounds", type=int, default=3)
args = parser.parse_args()
model = args.model or subprocess.run([str(root / "scripts/real-model")], check=True, capture_output=True, text=True).stdout.strip()
binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                        capture_output=True, text=True).stdout.strip() + "/weightlab"

PEER = """
import sys, torch
sd = torch.load(sys.argv[1], weights_only=True, map_location="cpu")
total = 0.0
for t in sd.values():
    if t.is_floating_point():
        total += float(t.double().sum())
print(total)
"""


with tempfile.TemporaryDirectory() as tmp:
    tensors = load_file(model)
    files = {"safetensors": model, "zip .bin": f"{tmp}/pytorch_model.bin", "legacy .bin": f"{tmp}/legacy.bin"}
    torch.save(tensors, files["zip .bin"])
    torch.save(tensors, files["legacy .bin"], _use_new_zipfile_serialization=False)
    runs = {}
    for r in range(args.rounds):
        for label, path in files.items():
            runs.setdefault(f"weightlab {label}", []).append(timed([binary, "analyze", path, "--moments-only", "--quiet"]))
        runs.setdefault("torch.load zip .bin", []).append(timed([sys.executable, "-c", PEER, files["zip .bin"]]))
    print(f"{'reader':<26} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}   (median of {args.rounds})")
    for label, rows in runs.items():
        wall = statistics.median(w for w, _, _ in rows)
        cpu = statistics.median(c for _, c, _ in rows)
        print(f"{label:<26} {wall:8.2f} {cpu:8.2f} {max(m for _, _, m in rows):12.0f}")
