#!/usr/bin/env python3
"""WeightWatcher's per-layer values, as fixtures for WeightLab's spectral agreement tests.

    python3 scripts/reference/weightwatcher_fixtures.py [MODEL.safetensors] [OUT_DIR]

Versions used to write the committed fixtures (check with `pip show`):
    weightwatcher 0.7.7, torch 2.13.0+cpu, numpy 2.4.6, scipy 1.17.1, safetensors (any)

Writes, under OUT_DIR (default Tests/AnalysisTests/Fixtures):
  ww_synthetic.safetensors   seeded synthetic tensors (float32), small enough to commit
  ww_synthetic.csv           WeightWatcher's default analyze() on them, one row per layer
  ww_minilm.csv              the same on all-MiniLM-L6-v2, when its safetensors path is given
                             (or found by scripts/real-model)

WeightWatcher reads a folder holding `model.safetensors` (a single-file path fails), so each file
is linked into a temporary folder first. The analysis is WeightWatcher's default: pooled conv
slices, eigenvalues under 1e-5 dropped before the fit, its own power-law fitter ('ww').
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

root = Path(__file__).resolve().parents[2]
model = Path(sys.argv[1]) if len(sys.argv) > 1 else None
out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "Tests/AnalysisTests/Fixtures"
out.mkdir(parents=True, exist_ok=True)

import weightwatcher as ww  # noqa: E402  (after argument handling: its import is slow)

COLUMNS = ["name", "N", "M", "rf", "num_evals", "alpha", "xmin", "xmax", "D", "sigma", "num_pl_spikes", "status",
           "warning", "norm", "log_norm", "spectral_norm", "log_spectral_norm", "alpha_weighted", "log_alpha_norm",
           "stable_rank", "matrix_rank", "rank_loss", "weak_rank_loss", "entropy", "sv_max", "sv_min", "lambda_max"]


def synthetic():
    """Seeded tensors covering WeightWatcher's branches: heavy and light tails, both orientations,
    a small ESD (< 20 eigenvalues: its small-sample fitter), a rank-deficient matrix (eigenvalues
    under its 1e-5 floor), a pooled 3×3 convolution kernel."""
    rng = np.random.default_rng(20261202)
    t = {
        "heavy.t15.weight": rng.standard_t(1.5, (64, 100)) * 0.05,
        "heavy.t3.weight": rng.standard_t(3.0, (100, 40)) * 0.05,
        "gauss.weight": rng.normal(0, 0.02, (60, 60)),
        "small.weight": rng.normal(0, 1.0, (12, 40)) * np.linspace(0.5, 3, 12)[:, None],
        "lowrank.weight": rng.normal(0, 1, (40, 3)) @ rng.normal(0, 1, (3, 50)) + 1e-4 * rng.normal(0, 1, (40, 50)),
        "conv.weight": rng.standard_t(2.5, (24, 16, 3, 3)) * 0.1,
    }
    return {k: v.astype(np.float32) for k, v in t.items()}


def analyze(path, csv):
    with tempfile.TemporaryDirectory() as d:
        os.symlink(os.path.abspath(path), os.path.join(d, "model.safetensors"))
        details = ww.WeightWatcher().analyze(model=d)
    details = details[[c for c in COLUMNS if c in details.columns]]
    details.to_csv(csv, index=False, float_format="%.17g")
    print(f"{csv}: {len(details)} layers")


syn = out / "ww_synthetic.safetensors"
save_file(synthetic(), str(syn))
analyze(syn, out / "ww_synthetic.csv")

if model is None:
    try:
        model = Path(subprocess.run([str(root / "scripts/real-model")], check=True, capture_output=True, text=True).stdout.strip())
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"no real model ({e}); ww_minilm.csv not rewritten", file=sys.stderr)
if model is not None:
    analyze(model, out / "ww_minilm.csv")
