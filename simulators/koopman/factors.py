"""Weight-dependent factors: Koopman (per linear layer) and norm-based baselines, crossovers.

Koopman factor of an invertible W on H^s -> H^s:  max(1, ||W||_2)^s / |det W|^{1/2}  (KB-1, DERIVED).
Baselines (MEMORY): Frobenius ||W||_F (GRS, per layer), ||W^T||_{2,1} (BFT, single layer): the sum
of the Euclidean norms of the rows of W.
All computed from the matrix by numpy linear algebra (SVD / slogdet), in log space.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special, stats


def log_koopman_factor(W, s: float) -> float:
    """log( max(1, sigma_max(W))^s / |det W|^{1/2} ) computed from the matrix."""
    W = np.atleast_2d(np.asarray(W, dtype=float))
    smax = float(np.linalg.norm(W, 2))
    sign, logdet = np.linalg.slogdet(W)
    if sign == 0:
        return math.inf
    return s * math.log(max(1.0, smax)) - 0.5 * float(logdet)


def log_frobenius(W) -> float:
    return math.log(float(np.linalg.norm(W, "fro")))


def log_l21(W) -> float:
    """log ||W^T||_{2,1} = log sum_i ||row_i(W)||_2."""
    return math.log(float(np.linalg.norm(np.asarray(W, dtype=float), axis=1).sum()))


BASELINES = {"frobenius": log_frobenius, "l21": log_l21}


def haar_orthogonal(d: int, seed: int) -> np.ndarray:
    if d == 1:
        return np.array([[1.0 if np.random.default_rng(seed).random() < 0.5 else -1.0]])
    return stats.ortho_group.rvs(d, random_state=np.random.default_rng(seed))


def gaussian_init(d: int, seed: int) -> np.ndarray:
    """W with i.i.d. N(0, 1/d) entries."""
    return np.random.default_rng(seed).normal(0.0, 1.0 / math.sqrt(d), size=(d, d))


def two_level_spectrum(d: int, kappa: float, seed: int, diagonal: bool = False) -> np.ndarray:
    """W = Q diag(sigma) V^T with half the singular values 1 and half 1/kappa (diagonal: Q = V = I)."""
    sv = np.ones(d)
    sv[d // 2:] = 1.0 / kappa
    if diagonal:
        return np.diag(sv)
    Q = haar_orthogonal(d, seed)
    V = haar_orthogonal(d, seed + 1)
    return (Q * sv) @ V.T


# closed forms on the two-level family (the theory side of KB-6) -------------------------------

def log_koopman_two_level(d: int, kappa: float) -> float:
    """sigma_max = 1, |det W| = kappa^{-floor(d/2)}: log factor = (floor(d/2)/2) log kappa (any s)."""
    return 0.5 * (d // 2) * math.log(kappa)


def log_frobenius_two_level(d: int, kappa: float) -> float:
    return 0.5 * math.log((d - d // 2) + (d // 2) * kappa ** -2)


def log_l21_two_level_diagonal(d: int, kappa: float) -> float:
    return math.log((d - d // 2) + (d // 2) / kappa)


TWO_LEVEL_BASELINES = {"frobenius": log_frobenius_two_level, "l21": log_l21_two_level_diagonal}


def crossover_kappa(d: int, baseline: str = "frobenius", hi: float = 1e6) -> float:
    """kappa*(d): root of log Koopman - log baseline on the two-level family (scipy brentq).
    Below it the Koopman factor is the smaller one."""
    g = lambda k: log_koopman_two_level(d, k) - TWO_LEVEL_BASELINES[baseline](d, k)
    return optimize.brentq(g, 1.0, hi, xtol=1e-15, rtol=1e-15, maxiter=500)


def expected_log_abs_det_gaussian(d: int) -> float:
    """E log|det W| for W with i.i.d. N(0, 1/d) entries: (1/2) sum_{k=1}^d [psi(k/2) + log 2 - log d]."""
    k = np.arange(1, d + 1)
    return 0.5 * float(np.sum(special.digamma(k / 2) + math.log(2) - math.log(d)))
