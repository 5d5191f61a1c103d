"""Exact empirical Rademacher complexity of a Euclidean ball of linear predictors by full sign
enumeration: R_hat = (1/m) E_sigma sup_{||w|| <= M} sum_i sigma_i w.x_i = (M/m) E_sigma ||sum_i sigma_i x_i||
(the supremum over the ball is attained at w parallel to the sum; the expectation over the 2^m
sign vectors is an exact finite average)."""
from __future__ import annotations

import itertools

import numpy as np


def linear_ball_rademacher(X: np.ndarray, M: float = 1.0, max_m: int = 16) -> float:
    m = X.shape[0]
    if m > max_m:
        raise ValueError(f"exact enumeration over 2^{m} sign vectors refused (m > {max_m})")
    signs = np.array(list(itertools.product((-1.0, 1.0), repeat=m)))     # (2^m, m)
    return float(M * np.mean(np.linalg.norm(signs @ X, axis=1)) / m)
