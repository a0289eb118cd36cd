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
from scipy import optimize, stats

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

# Gaussian samples whose Anderson–Darling p-value lies inside SciPy's interpolation table
# (0.01 < p < 0.15, where method='interpolate' is not clipped): the first two seeds per size.
ad_cases = {}
for size in (50, 200, 2000):
    seed = 0
    while sum(k.startswith(f"ad_{size}_") for k in ad_cases) < 2:
        x = np.random.default_rng(seed).normal(0.0, 1.0, size)
        p = stats.anderson(x, "norm", method="interpolate").pvalue
        if 0.012 < p < 0.14:
            ad_cases[f"ad_{size}_{seed}"] = x
        seed += 1
datasets.update(ad_cases)

reference = {"scipy_version": scipy.__version__, "numpy_version": np.__version__, "datasets": {}}
for name, x in datasets.items():
    np.save(out / f"{name}.npy", x)
    m, s = x.mean(), x.std()
    ks = stats.kstest(x, "norm", args=(m, s))
    ad = stats.anderson(x, "norm", method="interpolate")
    cvm = stats.cramervonmises(x, "norm", args=(m, s))
    jb = stats.jarque_bera(x)
    # The production fit fixes the location at the sample mean: so does this one.
    beta, gloc, gscale = stats.gennorm.fit(x, floc=m)
    lloc, lscale = stats.laplace.fit(x)
    n = x.size
    s1 = x.std(ddof=1)
    mean_ci = stats.t.interval(0.95, n - 1, loc=m, scale=s1 / np.sqrt(n))
    r = {
        "n": int(n), "mean": m, "std": s,
        "mean_ci": [float(mean_ci[0]), float(mean_ci[1])],
        "std_ci": [float(s1 * np.sqrt((n - 1) / stats.chi2.ppf(0.975, n - 1))), float(s1 * np.sqrt((n - 1) / stats.chi2.ppf(0.025, n - 1)))],
        "skew": float(stats.skew(x)), "kurtosis": float(stats.kurtosis(x)),
        "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue),
        "anderson_statistic": float(ad.statistic), "anderson_pvalue_interpolate": float(ad.pvalue),
        "cvm_statistic": float(cvm.statistic),
        "jb_statistic": float(jb.statistic), "jb_pvalue": float(jb.pvalue),
        "gennorm_beta": float(beta), "gennorm_scale": float(gscale), "gennorm_loc": float(gloc),
        "gennorm_loglik": float(stats.gennorm.logpdf(x, beta, loc=gloc, scale=gscale).sum()),
        "laplace_loc": float(lloc), "laplace_scale": float(lscale),
        "normal_ppf_0.975": float(stats.norm.ppf(0.975)),
    }
    T = np.abs(x).max()
    for sigma in [0.5 * x.std(), x.std(), 2 * x.std()]:
        r.setdefault("truncnorm_loglik", []).append(
            {"sigma": float(sigma), "bound": float(T),
             "loglik": float(stats.truncnorm.logpdf(x, -T / sigma, T / sigma, loc=0, scale=sigma).sum())})
    # The truncated-Gaussian ML fit of the production model (location 0, bounds ±T, T = max|x|):
    # σ maximising the summed truncnorm.logpdf, by bounded Brent in ln σ to 1e-12.
    rms = np.sqrt(np.mean(x * x))
    fit = optimize.minimize_scalar(lambda u: -stats.truncnorm.logpdf(x, -T / np.exp(u), T / np.exp(u), scale=np.exp(u)).sum(),
                                   bounds=(np.log(0.3 * rms), np.log(100 * rms)), method="bounded", options={"xatol": 1e-12})
    r["truncnorm_ml"] = {"sigma": float(np.exp(fit.x)), "bound": float(T), "loglik": float(-fit.fun)}
    reference["datasets"][name] = r

np.save(out / "matrix_64x128.npy", matrix)
reference["matrix_64x128"] = {
    "levene_rows": list(map(float, stats.levene(*matrix, center="median"))),
    "levene_columns": list(map(float, stats.levene(*matrix.T, center="median"))),
}
# χ² quantiles across the degrees of freedom where GSL's inversion fails (about 1.4e4 to 1e5 and
# beyond) and the σ intervals built from them.
reference["chi2_ppf"] = [{"dof": float(d), "p": p, "value": float(stats.chi2.ppf(p, d))}
                         for d in (1, 7, 49, 999, 1000, 14000, 32767, 65535, 99999, 100001, 1e6, 16777215, 1e9)
                         for p in (0.025, 0.975)]
reference["std_ci"] = [{"n": n, "s": 0.02, "ci": [0.02 * float(np.sqrt((n - 1) / stats.chi2.ppf(0.975, n - 1))),
                                                 0.02 * float(np.sqrt((n - 1) / stats.chi2.ppf(0.025, n - 1)))]}
                       for n in (8, 50, 32768, 65536, 100000, 100001, 1 << 24)]
(out / "reference.json").write_text(json.dumps(reference, indent=1, sort_keys=True))
print(f"wrote {len(datasets) + 1} datasets and reference.json to {out}")
