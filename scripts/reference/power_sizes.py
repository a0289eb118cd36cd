#!/usr/bin/env python3
"""Power of the four normality tests at the sizes Tests/AnalysisTests/PowerTests.swift uses.

    python3 scripts/reference/power_sizes.py [--replicates R]   (default 20000)

For each alternative and size, R seeded samples; each test's statistic is compared with a 5 %
critical value at least as large as the analyzer's (so a miss here is counted at least as often
as it would be there):

    Lilliefors  D·(√n − 0.01 + 0.85/√n) > 0.91   (the simulated table's 5 % point is ≤ 0.905 for n ≥ 1000)
    A–D         A²(1 + 0.75/n + 2.25/n²) > 0.7518 (D'Agostino–Stephens p = 0.05)
    C–vM        W²(1 + 0.5/n) > 0.1262            (Stephens p = 0.05)
    J–B         n/6·(g₁² + g₂²/4) > 5.9915        (χ²₂ p = 0.05)

It prints the misses and the smallest statistic relative to its critical value. With 0 misses in
R replicates the miss rate is below 3/R at 95 % confidence.
"""
import argparse

import numpy as np
from scipy import stats
from scipy.special import log_ndtr, ndtr

CRIT = {"ks": 0.91, "ad": 0.7518, "cvm": 0.1262, "jb": 5.9915}


def wstar(rng, shape, pi0, c, eps, m):
    u = rng.random(shape)
    body = stats.truncnorm.rvs(-c, c, size=shape, random_state=rng)
    sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    return np.where(u < pi0, 0.0, np.where(u < pi0 + eps, m * sign, body))


CASES = {
    "wstar(sigma=1, c=2.5, sparsity=0.5)": (1000, lambda rng, s: wstar(rng, s, 0.5, 2.5, 0.0, 8)),
    "wstar(sigma=1, c=2.5, outliers=0.01, outlier_scale=8)": (5000, lambda rng, s: wstar(rng, s, 0.0, 2.5, 0.01, 8)),
    "mixture(scale=lognormal(0, 0.5))": (2000, lambda rng, s: rng.standard_normal(s) * np.exp(0.5 * rng.standard_normal(s))),
    "truncated(sigma=1, c=2)": (10000, lambda rng, s: stats.truncnorm.rvs(-2, 2, size=s, random_state=rng)),
}


def statistics(x):
    """The four statistics of each row of x (rows are samples)."""
    n = x.shape[1]
    x = np.sort(x, axis=1)
    m = x.mean(1, keepdims=True)
    s0, s1 = x.std(1, keepdims=True), x.std(1, ddof=1, keepdims=True)
    i = np.arange(1, n + 1)
    f = ndtr((x - m) / s0)
    ks = np.maximum((i / n - f).max(1), (f - (i - 1) / n).max(1)) * (np.sqrt(n) - 0.01 + 0.85 / np.sqrt(n))
    z = (x - m) / s1
    a2 = -n - ((2 * i - 1) * (log_ndtr(z) + log_ndtr(-z)[:, ::-1])).sum(1) / n
    w2 = 1 / (12 * n) + ((f - (2 * i - 1) / (2 * n)) ** 2).sum(1)
    d = x - m
    m2, m3, m4 = (d ** 2).mean(1), (d ** 3).mean(1), (d ** 4).mean(1)
    jb = n / 6 * ((m3 / m2 ** 1.5) ** 2 + (m4 / m2 ** 2 - 3) ** 2 / 4)
    return {"ks": ks, "ad": a2 * (1 + 0.75 / n + 2.25 / n ** 2), "cvm": w2 * (1 + 0.5 / n), "jb": jb}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicates", type=int, default=20000)
    args = parser.parse_args()
    for k, (name, (n, draw)) in enumerate(CASES.items()):
        rng = np.random.default_rng(4242 + k)
        values = {key: [] for key in CRIT}
        done = 0
        while done < args.replicates:
            b = min(max(1, 2_000_000 // n), args.replicates - done)
            for key, v in statistics(draw(rng, (b, n))).items():
                values[key].append(v)
            done += b
        cells = []
        for key, crit in CRIT.items():
            v = np.concatenate(values[key])
            cells.append(f"{key}: {int((v <= crit).sum())} misses, min {v.min() / crit:.2f}× critical")
        print(f"{name}, n = {n}, {args.replicates} replicates: " + "; ".join(cells))


if __name__ == "__main__":
    main()
