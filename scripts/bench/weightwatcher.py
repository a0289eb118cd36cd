#!/usr/bin/env python3
"""WeightLab's spectral analysis beside WeightWatcher's analyze(), measured in one run, whole
processes (imports included), on the same model.

    scripts/bench/weightwatcher.py [MODEL.safetensors] [--rounds 3] [--no-randomize]

MODEL defaults to all-MiniLM-L6-v2 (scripts/real-model). Per round, in turn:
  weightlab analyze MODEL --json OUT --quiet         every statistic, old and new (moments with CIs,
                                                     normality tests, fits, Weibull, Marchenko–Pastur,
                                                     i.i.d. checks, filters, WeightWatcher's metrics,
                                                     the CSN bootstrap, tail comparisons, traps)
  WeightWatcher().analyze(model=DIR)                 its default (power-law fits, norms, ranks)
  WeightWatcher().analyze(model=DIR, mp_fit=True,    plus its Marchenko–Pastur fit and the
                          randomize=True)            permuted-matrix ESD (correlation traps)
WeightWatcher reads a folder holding model.safetensors, so MODEL is linked into a temporary folder.
Prints the median wall time, CPU time (user + system) and peak RSS of each, the load average
before the run, and WeightLab's wall time as a fraction of each WeightWatcher variant's.
Pinned: weightwatcher == 0.7.7, torch == 2.13.0+cpu. Needs a release build.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import timed

root = Path(__file__).resolve().parent.parent.parent
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("model", nargs="?")
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--no-randomize", action="store_true", help="leave out the mp_fit + randomize variant (the slowest)")
args = parser.parse_args()
model = args.model or subprocess.run([str(root / "scripts/real-model")], check=True, capture_output=True, text=True).stdout.strip()
binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                        capture_output=True, text=True).stdout.strip() + "/weightlab"

PEER = """
import sys
import weightwatcher as ww
kwargs = {"mp_fit": True, "randomize": True} if sys.argv[2] == "full" else {}
details = ww.WeightWatcher().analyze(model=sys.argv[1], **kwargs)
print(len(details))
"""


with tempfile.TemporaryDirectory() as tmp:
    os.symlink(os.path.abspath(model), f"{tmp}/model.safetensors")
    commands = {
        "weightlab analyze (every statistic)": [binary, "analyze", model, "--json", f"{tmp}/report.json", "--quiet", "--force"],
        "WeightWatcher analyze()": [sys.executable, "-c", PEER, tmp, "default"],
    }
    if not args.no_randomize:
        commands["WeightWatcher analyze(mp_fit, randomize)"] = [sys.executable, "-c", PEER, tmp, "full"]
    load = os.getloadavg()[0]
    runs = {label: [] for label in commands}
    for r in range(args.rounds):
        for label, cmd in commands.items():
            runs[label].append(timed(cmd, quiet_stderr=True))
    print(f"model: {Path(model).name}; load average before the run: {load:.2f}; {os.cpu_count()} cores")
    print(f"{'command':<44} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}   (median of {args.rounds})")
    medians = {}
    for label, rows in runs.items():
        wall = statistics.median(w for w, _, _ in rows)
        cpu = statistics.median(c for _, c, _ in rows)
        medians[label] = (wall, cpu)
        print(f"{label:<44} {wall:8.2f} {cpu:8.2f} {max(m for _, _, m in rows):12.0f}")
    ours = medians["weightlab analyze (every statistic)"]
    for label, (wall, cpu) in medians.items():
        if label.startswith("WeightWatcher"):
            print(f"weightlab / {label}: wall {ours[0] / wall:.3f}, CPU {ours[1] / cpu:.3f}")
