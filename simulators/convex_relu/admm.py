"""ADMM for the convex program (the splitting of BGS "Algorithm 3.1" as implemented by the
third-party zachary-shah/admmNN; step-size rules and rate constants of the paper unconfirmed).

Stack the 2P blocks into u in R^{2Pd}; F = [D_1X ... D_PX, -D_1X ... -D_PX];
G = blkdiag((2D_i - I) X) for both halves.  Scaled ADMM on

    min 1/2||F u - y||^2 + beta sum_b ||v_b|| + I(s >= 0)   s.t. u = v,  G u = s

  u <- (I + F^T F / rho + G^T G)^{-1} (F^T y / rho + v - lam + G^T (s - nu))   (one Cholesky)
  v <- group soft-threshold(u + lam, beta / rho)
  s <- (G u + nu)_+
  lam <- lam + u - v ;  nu <- nu + G u - s

Iterates are not feasible (v need not lie in the cones), so the convex objective at an
iterate is NOT an upper bound on the optimum; the reconstructed network's true objective is.
"""
from __future__ import annotations

import time

import numpy as np
from scipy.linalg import cho_factor, cho_solve

from .certificate import nc_objective, reconstruct
from .convex import Blocks, cone_violation, convex_objective


def admm(X, y, beta, D, rho: float = 1.0, iters: int = 3000, record_every: int = 10) -> dict:
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    blocks = Blocks.full(D)
    n, d = X.shape
    B = blocks.size
    Fb = [blocks.s[b] * (blocks.D[:, b:b + 1] * X) for b in range(B)]
    F = np.concatenate(Fb, axis=1)                                  # n x Bd
    Gb = [(2.0 * blocks.D[:, b:b + 1] - 1.0) * X for b in range(B)]
    t0 = time.perf_counter()
    GtG = np.zeros((B * d, B * d))
    for b in range(B):
        GtG[b * d:(b + 1) * d, b * d:(b + 1) * d] = Gb[b].T @ Gb[b]
    K = np.eye(B * d) + F.T @ F / rho + GtG
    cf = cho_factor(K)

    def G(u):
        return np.concatenate([Gb[b] @ u[b * d:(b + 1) * d] for b in range(B)])

    def Gt(z):
        return np.concatenate([Gb[b].T @ z[b * n:(b + 1) * n] for b in range(B)])

    u = np.zeros(B * d)
    v = np.zeros(B * d)
    lam = np.zeros(B * d)
    s = np.zeros(B * n)
    nu = np.zeros(B * n)
    Fty = F.T @ y / rho
    hist = {"k": [], "convex_obj": [], "nc_upper": [], "cone_violation": []}
    for k in range(1, iters + 1):
        u = cho_solve(cf, Fty + v - lam + Gt(s - nu))
        w = (u + lam).reshape(B, d)
        nr = np.linalg.norm(w, axis=1, keepdims=True)
        v = (np.maximum(0.0, 1.0 - (beta / rho) / np.maximum(nr, 1e-300)) * w).ravel()
        Gu = G(u)
        s = np.maximum(Gu + nu, 0.0)
        lam += u - v
        nu += Gu - s
        if k % record_every == 0 or k == iters:
            Z = v.reshape(B, d).T
            hist["k"].append(k)
            hist["convex_obj"].append(convex_objective(X, y, beta, Z, blocks))
            U, a = reconstruct(Z, blocks.s)
            hist["nc_upper"].append(nc_objective(X, y, beta, U, a))
            hist["cone_violation"].append(cone_violation(X, Z, blocks.D))
    Z = v.reshape(B, d).T
    return {"Z": Z, "blocks": blocks, "history": {k2: np.array(v2) for k2, v2 in hist.items()},
            "convex_obj": hist["convex_obj"][-1], "nc_upper": hist["nc_upper"][-1],
            "cone_violation": hist["cone_violation"][-1], "wall_s": time.perf_counter() - t0, "rho": rho,
            "iters": iters}
