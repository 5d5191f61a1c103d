"""Small statistics helpers for bootstrap replicates (distribution-free)."""
from __future__ import annotations

import numpy as np
from scipy import stats


def quantile_rank_interval(samples, q: float, confidence: float = 0.99):
    """Distribution-free interval for the q-quantile of the distribution the samples
    were drawn from (order statistics with binomial ranks)."""
    x = np.sort(np.asarray(samples, float))
    n = x.size
    lo_rank = int(stats.binom.ppf((1 - confidence) / 2, n, q))           # 0-based order statistic
    hi_rank = int(stats.binom.ppf(1 - (1 - confidence) / 2, n, q))
    return float(x[max(lo_rank - 1, 0)]), float(x[min(hi_rank, n - 1)])


def percentile_width_interval(samples, level: float, confidence: float = 0.99):
    """Point value and bounds of the width of the central ``level`` percentile interval
    (e.g. level=0.8 for an 80% CI), allowing for the finite number of replicates."""
    x = np.asarray(samples, float)
    qa, qb = (1 - level) / 2, 1 - (1 - level) / 2
    # each quantile at confidence c' so that both hold jointly at >= confidence (Bonferroni)
    c = 1 - (1 - confidence) / 2
    la, ha = quantile_rank_interval(x, qa, c)
    lb, hb = quantile_rank_interval(x, qb, c)
    width = float(np.quantile(x, qb) - np.quantile(x, qa))
    return width, max(0.0, lb - ha), hb - la


def sd_interval(samples, confidence: float = 0.95, resamples: int = 1000, seed: int = 0):
    """Standard deviation of the samples with a percentile bootstrap interval."""
    x = np.asarray(samples, float)
    rng = np.random.default_rng(seed)
    sds = np.array([x[rng.integers(0, x.size, x.size)].std(ddof=1) for _ in range(resamples)])
    a = (1 - confidence) / 2
    s = float(x.std(ddof=1))
    lo, hi = np.quantile(sds, [a, 1 - a])
    return s, float(min(lo, s)), float(max(hi, s))
