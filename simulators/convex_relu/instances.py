"""Data instances used by the convex_relu claims (deterministic given a seed)."""
from __future__ import annotations

import numpy as np


def gaussian_instance(n: int, d: int, seed: int, bias: bool = True, noise: float = 0.3):
    """X: n x d Gaussian with the last column ones when ``bias`` (d counts the bias);
    y = smooth target (sum of two ReLUs of random directions) + noise."""
    rng = np.random.default_rng(seed)
    k = d - 1 if bias else d
    Xf = rng.standard_normal((n, k))
    X = np.concatenate([Xf, np.ones((n, 1))], axis=1) if bias else Xf
    w1, w2 = rng.standard_normal(d), rng.standard_normal(d)
    y = np.maximum(X @ w1, 0) - np.maximum(X @ w2, 0) + noise * rng.standard_normal(n)
    return X, y


def one_d_instance(n: int, seed: int, noise: float = 0.2):
    """1-D data with bias: distinct x in [-1, 1], y = sin(3x) + noise; X = [x, 1]."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    while np.min(np.diff(x)) < 1e-3:
        x = np.sort(rng.uniform(-1, 1, n))
    X = np.stack([x, np.ones(n)], axis=1)
    y = np.sin(3 * x) + noise * rng.standard_normal(n)
    return X, y


def v_shape():
    """x = (-1, 0, 1) with bias, y = (1, 0, 1)  (spec CR-7)."""
    x = np.array([-1.0, 0.0, 1.0])
    return np.stack([x, np.ones(3)], axis=1), np.array([1.0, 0.0, 1.0])


def whitened_instance(n: int, d: int, seed: int, yscale: float = 2.0):
    """X with orthonormal rows (X X^T = I_n, n <= d), y uniform in [-yscale, yscale]^n."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, n)))
    return Q.T.copy(), rng.uniform(-yscale, yscale, n)


def xor_instance(n: int, seed: int, noise: float = 0.15):
    """2-D XOR-like classification with a bias column: labels sign(x1 x2), jittered."""
    rng = np.random.default_rng(seed)
    c = rng.choice([-1.0, 1.0], size=(n, 2))
    x = 0.5 * c + noise * rng.standard_normal((n, 2))
    y = np.sign(c[:, 0] * c[:, 1])
    return np.concatenate([x, np.ones((n, 1))], axis=1), y
