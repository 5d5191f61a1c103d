"""Fitting protocol (spec section 1.3): local log-log slopes, seed bootstrap, compute-optimal frontier."""
from __future__ import annotations

import numpy as np


def geometric_grid(lo: float, hi: float, ratio: float = 2 ** 0.5, integer: bool = True) -> np.ndarray:
    n = int(np.floor(np.log(hi / lo) / np.log(ratio) + 1e-9)) + 1
    g = lo * ratio ** np.arange(n)
    return np.unique(np.round(g).astype(int)) if integer else g


def local_slopes(x, y):
    """s_i = d log y / d log x by central differences at the interior grid points."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    return lx[1:-1], (ly[2:] - ly[:-2]) / (lx[2:] - lx[:-2])


def loglog_fit(x, y, lo=None, hi=None):
    """(slope, intercept) of the OLS fit of log y on log x over x in [lo, hi]."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    m = np.ones_like(x, bool)
    if lo is not None:
        m &= x >= lo * (1 - 1e-12)
    if hi is not None:
        m &= x <= hi * (1 + 1e-12)
    if m.sum() < 2:
        raise ValueError("fewer than 2 points in the fit window")
    s, c = np.polyfit(np.log(x[m]), np.log(y[m]), 1)
    return float(s), float(c)


def loglog_slope(x, y, lo=None, hi=None):
    """OLS slope of log y on log x over x in [lo, hi]."""
    return loglog_fit(x, y, lo, hi)[0]


def middle(xs, frac: float = 0.5):
    """Boolean mask of the middle ``frac`` of a geometric range."""
    lx = np.log(np.asarray(xs, float))
    a, b = lx.min(), lx.max()
    pad = (1 - frac) / 2 * (b - a)
    return (lx >= a + pad - 1e-12) & (lx <= b - pad + 1e-12)


def seed_bootstrap(Y, stat, n_boot: int = 400, seed: int = 0):
    """Resample rows (seeds) of Y with replacement, apply stat(mean curve) -> replicates.
    stat receives the mean over the resampled rows.  Returns (point, replicates)."""
    Y = np.asarray(Y, float)
    rng = np.random.default_rng(seed)
    point = stat(Y.mean(axis=0))
    reps = np.empty(n_boot)
    for b in range(n_boot):
        idx = rng.integers(0, Y.shape[0], Y.shape[0])
        try:
            reps[b] = stat(Y[idx].mean(axis=0))
        except (ValueError, FloatingPointError, np.linalg.LinAlgError):
            reps[b] = np.nan
    return point, reps


def frontier(ds, times, losses, budgets=None, n_budgets: int = 40):
    """Compute-optimal frontier with compute f = d * r.

    losses[k, i] = loss of model size ds[k] at time times[i] (times increasing, > 0).
    For each budget f: interpolate log L_d(f/d) in log r for every d with f/d inside the time range,
    take the argmin over d, refine by a quadratic in log d through the best 3 points, and keep f only
    if the minimiser is interior to the d-grid.  Returns dict with f, d_star, L_star (kept budgets)."""
    ds = np.asarray(ds, float)
    lt, lL = np.log(np.asarray(times, float)), np.log(np.asarray(losses, float))
    ld = np.log(ds)
    if budgets is None:
        fmin, fmax = ds.min() * np.exp(lt[0]), ds.max() * np.exp(lt[-1])
        budgets = np.exp(np.linspace(np.log(fmin), np.log(fmax), n_budgets))
    kept_f, kept_d, kept_L = [], [], []
    for f in budgets:
        lr = np.log(f) - ld
        ok = (lr >= lt[0]) & (lr <= lt[-1])
        vals = np.full(ds.shape, np.inf)
        for k in np.nonzero(ok)[0]:
            vals[k] = np.interp(lr[k], lt, lL[k])
        if not np.isfinite(vals).any():
            continue
        k = int(np.argmin(vals))
        # interior: the minimiser must have valid neighbours on both sides
        if k == 0 or k == len(ds) - 1 or not (np.isfinite(vals[k - 1]) and np.isfinite(vals[k + 1])):
            continue
        a, b, c = np.polyfit(ld[k - 1:k + 2], vals[k - 1:k + 2], 2)
        if a <= 0:
            continue
        x = -b / (2 * a)
        x = min(max(x, ld[k - 1]), ld[k + 1])
        kept_f.append(f)
        kept_d.append(np.exp(x))
        kept_L.append(np.exp(a * x * x + b * x + c))
    return {"f": np.array(kept_f), "d_star": np.array(kept_d), "L_star": np.array(kept_L)}


def frontier_exponents(fr, window=None):
    """(xi, eta): d* ~ f^xi, L* ~ f^-eta, OLS in log-log over the kept budgets (optionally a window)."""
    f, d, L = fr["f"], fr["d_star"], fr["L_star"]
    if window is not None:
        m = (f >= window[0]) & (f <= window[1])
        f, d, L = f[m], d[m], L[m]
    if len(f) < 3:
        raise ValueError(f"only {len(f)} interior budgets")
    xi = np.polyfit(np.log(f), np.log(d), 1)[0]
    eta = -np.polyfit(np.log(f), np.log(L), 1)[0]
    return float(xi), float(eta)


def aitken_slope(x, y):
    """Richardson-style extrapolation of the log-log slope: slopes between consecutive points of a
    geometric grid, the last three (equally spaced in log x) Aitken-extrapolated.  Returns
    (extrapolated slope, error estimate = |extrapolated - last slope|, slopes)."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    s = np.diff(ly) / np.diff(lx)
    s0, s1, s2 = s[-3:]
    den = (s2 - s1) - (s1 - s0)
    if den == 0 or not np.isfinite(den):
        return float(s2), float(abs(s2 - s1)), s
    ext = s2 - (s2 - s1) ** 2 / den
    return float(ext), float(abs(ext - s2)), s
