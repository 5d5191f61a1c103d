"""Evaluator (b): exact expected risk of one-pass SGD / full-batch GD on a drawn instance.

In the eigenbasis of K (eigenvalues mu_i), with c_i(t) = E[(u_i . (theta_t - theta*))^2],
theta_0 = 0, batch B, learning rate gamma, the Gaussian fourth moment closes the recursion

    c_i <- a_i c_i + (gamma^2 / B) mu_i (sum_j mu_j c_j + sigma2),
    a_i  = 1 - 2 gamma mu_i + gamma^2 mu_i^2 (1 + 1/B),
    L(t) = sum_i mu_i c_i(t) + sigma2          (MSE; PLRF's P(t) is L/2).

``sgd_risk`` evaluates it exactly (no approximation, no SGD sampling noise) in blocks of L steps:
inside a block the scalar loss obeys a lower-triangular Toeplitz (discrete Volterra) system,
whose resolvent is the same for every block, so each block costs two matrix products of
size L x d; the work per step is O(d).  Several instances (e.g. all model sizes of a frontier)
run as one batch, padded with mu = 0 modes (which carry no loss).  ``sgd_risk_steps`` is the
plain step-by-step loop (reference).  B = inf gives full-batch GD, whose solution
c_i(t) = c_i(0) (1 - gamma mu_i)^(2t) is evaluated directly by ``gd_risk``.
"""
from __future__ import annotations

import math

import numpy as np

from .model import _np, asarray, is_torch, to_numpy


def pad_batch(instances, xp=None, device=None):
    """Stack instances of different d into (n, d_max) arrays, padded with mu = c0 = 0."""
    xp = xp or _np()
    dmax = max(int(to_numpy(i.mu).shape[0]) for i in instances)
    mu = np.zeros((len(instances), dmax))
    c0 = np.zeros_like(mu)
    for k, inst in enumerate(instances):
        m = to_numpy(inst.mu)
        mu[k, :m.shape[0]] = m
        c0[k, :m.shape[0]] = to_numpy(inst.c0)
    s2 = np.array([i.sigma2 for i in instances])
    return asarray(xp, mu, device), asarray(xp, c0, device), asarray(xp, s2, device)


def sgd_risk_steps(mu, c0, sigma2, gamma, B, r_max):
    """Reference: the recursion step by step (numpy, 1-D mu)."""
    mu, c = np.asarray(mu, float), np.asarray(c0, float).copy()
    a = 1 - 2 * gamma * mu + gamma ** 2 * mu ** 2 * (1 + 1 / B)
    out = np.empty(r_max + 1)
    for t in range(r_max + 1):
        L = float(mu @ c) + sigma2
        out[t] = L
        c = a * c + (gamma ** 2 / B) * mu * L
    return out


def _contig(xp, a):
    """A contiguous copy (flipped / sliced views make batched matmul fall off the BLAS path)."""
    if is_torch(xp):
        return a.contiguous()
    return np.ascontiguousarray(a)


def sgd_risk(mu, c0, sigma2, gamma, B, r_max: int, block: int = 128, xp=None):
    """Exact L(t), t = 0..r_max, for a batch of instances: mu, c0 of shape (n, d) (or (d,)),
    sigma2 of shape (n,) (or scalar), gamma of shape (n,) (or scalar).  Returns (n, r_max+1)."""
    xp = xp or _np()
    squeeze = len(mu.shape) == 1
    if squeeze:
        mu, c0 = mu[None, :], c0[None, :]
    n, d = mu.shape
    dev = getattr(mu, "device", None)
    s2 = asarray(xp, np.broadcast_to(to_numpy(sigma2) if not isinstance(sigma2, float) else sigma2, (n,)), dev) \
        if not hasattr(sigma2, "shape") or len(sigma2.shape) == 0 else sigma2
    g = asarray(xp, np.broadcast_to(np.asarray(gamma, float), (n,)).copy(), dev)[:, None]
    inv_b = 0.0 if math.isinf(B) else 1.0 / B
    a = 1 - 2 * g * mu + g ** 2 * mu ** 2 * (1 + inv_b)                 # (n, d), in [0, 1) when stable
    if bool(xp.any(a >= 1.0 + 1e-15)) or bool(xp.any(a < 0)):
        raise ValueError("unstable learning rate: some |1 - 2 gamma mu + ...| >= 1")
    L = block
    k = asarray(xp, np.arange(L + 1, dtype=float), dev)
    la = xp.log(xp.where(a > 0, a, xp.ones_like(a) * 1e-300))
    Apow = xp.exp(k[None, :, None] * la[:, None, :])                    # (n, L+1, d): a^k
    Apow = xp.where(a[:, None, :] > 0, Apow, xp.where(k[None, :, None] == 0, 1.0, 0.0) * xp.ones_like(Apow))
    q = (g ** 2) * inv_b                                                  # (n, 1)
    # kernel Kk[m] = q sum_i mu_i^2 a_i^m, m = 0..L-1; T[k, s] = Kk[k-1-s] for s < k
    Kk = q * xp.sum(Apow[:, :L, :] * (mu * mu)[:, None, :], axis=-1)     # (n, L)
    idx = np.subtract.outer(np.arange(L), np.arange(L)) - 1               # k - 1 - s
    lower = asarray(xp, (idx >= 0).astype(float), dev)
    gather = np.clip(idx, 0, L - 1)
    T = Kk[:, gather.reshape(-1)].reshape(n, L, L) * lower[None]
    eye = asarray(xp, np.eye(L), dev)
    R = xp.linalg.solve(eye[None] - T, xp.broadcast_to(eye[None], (n, L, L)))   # resolvent, same for all blocks
    Arev = Apow[:, :L, :]
    Arev = xp.flip(Arev, axis=1) if hasattr(xp, "flip") else Arev[:, ::-1, :]  # a^(L-1-s)
    aL = Apow[:, L, :]
    Afw = _contig(xp, Apow[:, :L, :])
    Arev = _contig(xp, Arev)
    c = c0
    nblocks = (r_max + 1 + L - 1) // L
    chunks = []
    for _ in range(nblocks):
        f = (Afw @ (mu * c)[:, :, None])[:, :, 0] + s2[:, None]                     # (n, L): forcing
        Pb = (R @ f[:, :, None])[:, :, 0]                                            # (n, L): losses
        chunks.append(Pb)
        c = aL * c + q * mu * (Pb[:, None, :] @ Arev)[:, 0, :]                       # state after the block
    out = xp.concat(chunks, axis=1)[:, : r_max + 1]
    return out[0] if squeeze else out


def gd_risk(mu, c0, sigma2, gamma, times, xp=None):
    """Full-batch GD (B = inf): L(t) = sigma2 + sum_i mu_i c_i(0) (1 - gamma mu_i)^(2t), any t >= 0.
    mu, c0: (n, d) or (d,); times: 1-D array.  Returns (n, len(times))."""
    xp = xp or _np()
    squeeze = len(mu.shape) == 1
    if squeeze:
        mu, c0 = mu[None, :], c0[None, :]
    n = mu.shape[0]
    dev = getattr(mu, "device", None)
    g = asarray(xp, np.broadcast_to(np.asarray(gamma, float), (n,)).copy(), dev)[:, None]
    s2 = sigma2 if hasattr(sigma2, "shape") and len(sigma2.shape) == 1 else \
        asarray(xp, np.broadcast_to(np.asarray(to_numpy(sigma2), float), (n,)).copy(), dev)
    base = xp.abs(1 - g * mu)
    if bool(xp.any(base >= 1.0 + 1e-15)):
        raise ValueError("unstable learning rate for GD")
    lb = xp.log(xp.where(base > 0, base, xp.ones_like(base) * 1e-300))
    t = asarray(xp, np.asarray(times, float), dev)
    w = mu * c0
    out = xp.sum(w[:, None, :] * xp.exp(2 * t[None, :, None] * lb[:, None, :]), axis=-1) + s2[:, None]
    return out[0] if squeeze else out


def flow_risk(mu, c0, sigma2, times, xp=None):
    """Gradient flow: L(t) = sigma2 + sum_i mu_i c_i(0) exp(-2 mu_i t)."""
    xp = xp or _np()
    squeeze = len(mu.shape) == 1
    if squeeze:
        mu, c0 = mu[None, :], c0[None, :]
    dev = getattr(mu, "device", None)
    t = asarray(xp, np.asarray(times, float), dev)
    s2 = sigma2 if hasattr(sigma2, "shape") and len(sigma2.shape) == 1 else \
        asarray(xp, np.broadcast_to(np.asarray(to_numpy(sigma2), float), (mu.shape[0],)).copy(), dev)
    out = xp.sum((mu * c0)[:, None, :] * xp.exp(-2 * t[None, :, None] * mu[:, None, :]), axis=-1) + s2[:, None]
    return out[0] if squeeze else out
