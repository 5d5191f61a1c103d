"""Synthetic scaling-law data with known parameters (no data file needed).

``chinchilla_like_design`` places runs on IsoFLOP slices like Hoffmann et al.'s
Figure 4 (budgets 6e18..3e21 FLOPs, model sizes spread around each budget's
optimum); ``collinear_design`` fixes D/N (every run on one ray, where A and B
cannot be separated).  Noise is multiplicative log-normal: L = L_true * exp(sigma z).
"""
from __future__ import annotations

import numpy as np

from .objective import predict_loss, theta_from_params

# Hoffmann et al. 2022 Approach 3, unrounded (TeX source, as used by the replication notebook)
HOFFMANN_THETA = np.array([6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083])
HOFFMANN_ROUNDED = theta_from_params(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)


def chinchilla_like_design(n_budgets: int = 9, per_budget: int = 12, c_lo: float = 6e18, c_hi: float = 3e21,
                           spread: float = 16.0, n_lo: float = 4e7, n_hi: float = 1.6e10):
    """(N, D): for each budget C in a log grid, per_budget model sizes log-uniformly
    spaced within a factor ``spread`` of N ~ 0.1 * sqrt(C) (clipped to [n_lo, n_hi]);
    D = C / (6 N)."""
    Ns, Ds = [], []
    for C in np.geomspace(c_lo, c_hi, n_budgets):
        centre = 0.1 * np.sqrt(C)   # rough compute-optimal size, D/N ~ 17
        n = np.clip(np.geomspace(centre / spread, centre * spread, per_budget), n_lo, n_hi)
        Ns.append(n)
        Ds.append(C / (6 * n))
    return np.concatenate(Ns), np.concatenate(Ds)


def collinear_design(n: int = 60, ratio: float = 20.0, n_lo: float = 4e7, n_hi: float = 1.6e10):
    """Runs with a fixed tokens-per-parameter ratio D = ratio * N."""
    N = np.geomspace(n_lo, n_hi, n)
    return N, ratio * N


def simulate(theta, N, D, sigma: float = 0.01, rng=None):
    """Losses from the law with parameters theta (a, b, e, alpha, beta) and log-normal noise."""
    rng = np.random.default_rng(rng)
    return predict_loss(theta, N, D) * np.exp(sigma * rng.standard_normal(np.shape(N)))
