"""SVD helpers and Schatten (quasi-)norms."""
from __future__ import annotations

import numpy as np

RANK_TOL = 1e-12   # singular values below RANK_TOL * sigma_max are treated as exact zeros


def svals(W) -> np.ndarray:
    """Singular values, descending."""
    return np.linalg.svd(np.atleast_2d(np.asarray(W, dtype=float)), compute_uv=False)


def schatten(W, p: float) -> float:
    """||W||_{S_p} = (sum_i sigma_i^p)^(1/p); a quasi-norm for p < 1."""
    s = svals(W)
    s = s[s > RANK_TOL * s[0]] if s.size and s[0] > 0 else s[:0]   # numerical zeros: 1e-16**(2/L) is not 0
    return float(np.sum(s ** p) ** (1.0 / p)) if s.size else 0.0


def nuclear(W) -> float:
    return float(np.sum(svals(W)))


def spectral(W) -> float:
    return float(svals(W)[0])


def numerical_rank(W, rel=1e-10) -> int:
    s = svals(W)
    return int(np.sum(s > rel * s[0])) if s.size and s[0] > 0 else 0
