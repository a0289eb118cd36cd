#!/usr/bin/env python3
"""Reference values from SciPy for WeightLab's analyzer tests.

    python3 scripts/reference/make_fixtures.py [OUT_DIR]   (default Tests/AnalysisTests/Fixtures)

Writes each dataset as a float64 .npy file and reference.json with the scipy.stats values on the
same data. The datasets are seeded, so rerunning reproduces the committed fixtures.
"""
import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "Tests/AnalysisTests/Fixtures"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20250117)

datasets = {
    "normal_50": rng.normal(0.1, 2.0, 50),
    "normal_1000": rng.normal(0.0, 0.02, 1000),
    "normal_20000": rng.normal(0.0, 1.0, 20000),
    "laplace_5000": rng.laplace(0.0, 0.5, 5000),
    "t5_5000": rng.standard_t(5, 5000),
    "gennorm_5000": stats.gennorm.rvs(1.3, scale=0.7, size=5000, random_state=rng),
    "uniform_2000": rng.uniform(-1, 1, 2000),
    "truncnorm_5000": stats.truncnorm.rvs(-2, 2, scale=0.3, size=5000, random_state=rng),
    "bf16_normal_5000": (rng.normal(0, 1, 5000).astype(np.float32).view(np.uint32) & 0xFFFF0000).view(np.float32).astype(np.float64),
}
matrix = rng.normal(0, 1, (64, 128)) * np.linspace(0.8, 1.2, 64)[:, None]

reference = {"scipy_version": scipy.__version__, "numpy_version": np.__version__, "datasets": {}}
for name, x in datasets.items():
    np.save(out / f"{name}.npy", x)
    m, s = x.mean(), x.std()
    ks = stats.kstest(x, "norm", args=(m, s))
    ad = stats.anderson(x, "norm", method="interpolate")
    cvm = stats.cramervonmises(x, "norm", args=(m, s))
    jb = stats.jarque_bera(x)
    beta, gloc, gscale = stats.gennorm.fit(x, floc=0)
    lloc, lscale = stats.laplace.fit(x)
    r = {
        "n": int(x.size), "mean": m, "std": s,
        "skew": float(stats.skew(x)), "kurtosis": float(stats.kurtosis(x)),
        "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue),
        "anderson_statistic": float(ad.statistic),
        "cvm_statistic": float(cvm.statistic),
        "jb_statistic": float(jb.statistic), "jb_pvalue": float(jb.pvalue),
        "gennorm_beta": float(beta), "gennorm_scale": float(gscale),
        "gennorm_loglik": float(stats.gennorm.logpdf(x, beta, loc=0, scale=gscale).sum()),
        "laplace_loc": float(lloc), "laplace_scale": float(lscale),
        "normal_ppf_0.975": float(stats.norm.ppf(0.975)),
    }
    T = np.abs(x).max()
    for sigma in [0.5 * x.std(), x.std(), 2 * x.std()]:
        r.setdefault("truncnorm_loglik", []).append(
            {"sigma": float(sigma), "bound": float(T),
             "loglik": float(stats.truncnorm.logpdf(x, -T / sigma, T / sigma, loc=0, scale=sigma).sum())})
    reference["datasets"][name] = r

np.save(out / "matrix_64x128.npy", matrix)
reference["matrix_64x128"] = {
    "levene_rows": list(map(float, stats.levene(*matrix, center="median"))),
    "levene_columns": list(map(float, stats.levene(*matrix.T, center="median"))),
}
(out / "reference.json").write_text(json.dumps(reference, indent=1, sort_keys=True))
print(f"wrote {len(datasets) + 1} datasets and reference.json to {out}")
