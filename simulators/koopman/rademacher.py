"""Empirical Rademacher complexity of an RKHS ball, and of a Koopman class sup over parameters.

R^ = (B/n) E_sigma sqrt(sigma^T K sigma)  for {f : ||f||_H <= B} on points with Gram matrix K.

* n <= exact_max_n: all 2^n sign vectors are enumerated (sigma and -sigma give the same value, so
  2^{n-1} with sigma_1 = +1), vectorised in chunks: exact up to float64 rounding.
* larger n: Monte Carlo over sign draws with the control variate sigma^T K sigma - tr K (its mean
  is exactly 0), and a CLT half-width z * se.

The sign-draw code is written against an array namespace ``xp`` (numpy by default; the torch
namespace of array-api-compat works too, on CPU or CUDA), so a GPU run can batch draws.
No verdict logic here.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from simulators.backend import device_of, is_torch, to_numpy


def random_signs(xp, shape, seed: int, like=None):
    """+-1 draws in float64 in namespace xp (torch: a seeded torch.Generator on the device of ``like``)."""
    if is_torch(xp):
        import torch
        dev = device_of(like) if like is not None else "cpu"
        g = torch.Generator(device=dev)
        g.manual_seed(int(seed) % (2 ** 63))
        b = torch.randint(0, 2, tuple(shape), generator=g, device=dev, dtype=torch.float64)
        return 2 * b - 1
    rng = np.random.default_rng(seed)
    return xp.asarray(rng.integers(0, 2, size=shape).astype(np.float64) * 2 - 1)


def _quad_forms(xp, S, K):
    return xp.sum((S @ K) * S, axis=1)


def rademacher_exact(K, B: float = 1.0, xp=np, chunk: int = 1 << 15) -> float:
    """(B/n) E sqrt(sigma^T K sigma) by enumerating all 2^{n-1} sign vectors with sigma_1 = +1."""
    K = xp.asarray(K, dtype=xp.float64) if not is_torch(xp) else K
    n = K.shape[0]
    if n > 24:
        raise ValueError("exact enumeration is for n <= 24")
    total = 0.0
    m = 1 << (n - 1)
    bits = np.arange(n - 1, dtype=np.int64)
    for start in range(0, m, chunk):
        idx = np.arange(start, min(start + chunk, m), dtype=np.int64)
        S = np.empty((idx.size, n))
        S[:, 0] = 1.0
        S[:, 1:] = 1.0 - 2.0 * ((idx[:, None] >> bits[None, :]) & 1)
        Sx = xp.asarray(S) if not is_torch(xp) else xp.asarray(S, device=device_of(K))
        q = _quad_forms(xp, Sx, K)
        total += float(xp.sum(xp.sqrt(xp.clip(q, 0.0, None))))
    return B * total / m / n


def rademacher_mc(K, B: float = 1.0, n_draws: int = 20000, seed: int = 0, xp=np, z: float = 3.0,
                  batch: int = 1 << 14) -> tuple[float, float, dict]:
    """Monte Carlo (B/n) E sqrt(sigma^T K sigma) with the control variate Q - tr K.
    Returns (estimate, half-width z*se, info)."""
    n = K.shape[0]
    trK = float(xp.sum(xp.linalg.diagonal(K))) if hasattr(xp, "linalg") and hasattr(xp.linalg, "diagonal") \
        else float(np.trace(np.asarray(K)))
    ys, qs = [], []
    done = 0
    b = 0
    while done < n_draws:
        m = min(batch, n_draws - done)
        S = random_signs(xp, (m, n), seed * 1000003 + b, like=K)
        q = _quad_forms(xp, S, K)
        y = xp.sqrt(xp.clip(q, 0.0, None))
        ys.append(to_numpy(y).astype(float))
        qs.append(to_numpy(q).astype(float))
        done += m
        b += 1
    y = np.concatenate(ys)
    q = np.concatenate(qs) - trK
    vq = float(np.var(q))
    beta = float(np.cov(y, q)[0, 1] / vq) if vq > 0 else 0.0
    r = y - beta * q
    est = float(r.mean())
    se = float(r.std(ddof=1) / math.sqrt(r.size))
    return B * est / n, B * z * se / n, {"draws": int(r.size), "beta": beta, "z": z,
                                        "se_plain": float(y.std(ddof=1) / math.sqrt(y.size)) * B / n}


def rademacher_rkhs_ball(K, B: float = 1.0, xp=np, exact_max_n: int = 20, n_draws: int = 20000, seed: int = 0,
                         z: float = 3.0) -> tuple[float, float, str]:
    """(value, half-width, method): exact enumeration for n <= exact_max_n, else Monte Carlo + CLT."""
    n = K.shape[0]
    if n <= exact_max_n:
        v = rademacher_exact(K, B, xp)
        # float64 rounding: each of the 2^{n-1} terms carries ~ n eps relative error
        return v, 4 * n * 2.3e-16 * v, "exact enumeration"
    v, h, _ = rademacher_mc(K, B, n_draws, seed, xp, z)
    return v, h, f"Monte Carlo ({n_draws} draws, control variate, {z:g} se)"


# ---------------------------------------------------------------------------------------------
# Koopman class of 1-D networks:  f = g(w_L s(... s(w_1 x + a_1) ...) + a_L),  g in H^1(R)

def network_1d(theta, x, sigma, L: int):
    """phi_theta(x) for theta = (w_1, a_1, ..., w_L, a_L)."""
    z = x
    for j in range(L):
        z = theta[2 * j] * z + theta[2 * j + 1]
        if j < L - 1:
            z = sigma(z)
    return z


def class_rademacher_lower(x, signs, sigma, L, box_w, box_a, k_of_r, B=1.0, n_candidates=256, seed=0,
                           polish: bool = True):
    """Lower estimate of (B/n) E_sigma sup_theta sqrt(sigma^T K(phi_theta(X)) sigma) over the box
    |w_j| in [box_w], a_j in [box_a]: for every sign vector, the best of n_candidates random
    parameter vectors (one shared candidate set, vectorised), polished by L-BFGS-B inside the box.
    Every value is attained by an admissible theta, so each per-sign sup estimate is <= the true sup.
    Returns (per-sign values (B/n) sqrt(max quad form) array, info)."""
    rng = np.random.default_rng(seed)
    n = x.size
    wl, wh = box_w
    al, ah = box_a
    lo = np.array([wl, al] * L, dtype=float)
    hi = np.array([wh, ah] * L, dtype=float)
    cand = lo + (hi - lo) * rng.random((n_candidates, 2 * L))

    def quad_all(th):
        z = network_1d(th, x, sigma, L)
        K = k_of_r(np.abs(z[:, None] - z[None, :]))
        return K
    Q = np.empty((signs.shape[0], n_candidates))
    for c in range(n_candidates):
        K = quad_all(cand[c])
        Q[:, c] = np.einsum("si,ij,sj->s", signs, K, signs)
    best = np.argmax(Q, axis=1)
    vals = Q[np.arange(signs.shape[0]), best]
    if polish:
        for i in range(signs.shape[0]):
            sg = signs[i]
            fun = lambda th: -float(sg @ quad_all(th) @ sg)
            r = optimize.minimize(fun, cand[best[i]], method="L-BFGS-B", bounds=list(zip(lo, hi)),
                                  options={"maxiter": 40})
            if np.all(r.x >= lo) and np.all(r.x <= hi):
                vals[i] = max(vals[i], -r.fun)
    return B * np.sqrt(np.maximum(vals, 0.0)) / n, {"candidates": n_candidates, "polished": polish}
