"""Convex adversarial training (BGGS) helpers: the reconstructed network and its exact
worst-case hinge loss under l_inf perturbations of the features where mu == 1."""
from __future__ import annotations

import itertools

import numpy as np

from .certificate import reconstruct


def robust_network(V, W, tol: float = 0.0):
    Z = np.concatenate([V, W], axis=1)
    s = np.concatenate([np.ones(V.shape[1]), -np.ones(W.shape[1])])
    return reconstruct(Z, s, tol=tol)


def _f(Xp, U, alpha):
    return np.maximum(Xp @ U, 0.0) @ alpha


def _candidates(x, U, eps, idx):
    """Vertices of the arrangement {delta : (x + delta)^T u_j = 0} inside the box (|idx| <= 2)."""
    q = len(idx)
    pts = [np.array(c, float) * eps for c in itertools.product((-1, 1), repeat=q)]
    a0 = x @ U                                     # offsets
    Uq = U[idx]                                    # q x m
    if q == 1:
        for j in range(U.shape[1]):
            if Uq[0, j] != 0:
                t = -a0[j] / Uq[0, j]
                if abs(t) <= eps:
                    pts.append(np.array([t]))
    elif q == 2:
        for j in range(U.shape[1]):                # hyperplane j meets the box edges
            for fix in (0, 1):
                other = 1 - fix
                if Uq[other, j] == 0:
                    continue
                for val in (-eps, eps):
                    t = -(a0[j] + Uq[fix, j] * val) / Uq[other, j]
                    if abs(t) <= eps:
                        p = np.zeros(2)
                        p[fix], p[other] = val, t
                        pts.append(p)
        for j, k in itertools.combinations(range(U.shape[1]), 2):   # two hyperplanes meet
            M = Uq[:, [j, k]].T
            if abs(np.linalg.det(M)) > 1e-14:
                p = np.linalg.solve(M, -a0[[j, k]])
                if np.max(np.abs(p)) <= eps:
                    pts.append(p)
    return pts


def exact_worst_case_hinge(X, y, U, alpha, eps, mu) -> np.ndarray:
    """Per-sample max over ||delta||_inf <= eps (delta supported on mu) of (1 - y_k f(x_k + delta))_+.

    Exact for at most two perturbable features: f is piecewise linear, so y f attains its
    minimum over the box at a vertex of the arrangement of the neurons' hyperplanes with the
    box; all such vertices are enumerated.  For more features it is exact only when no
    neuron changes sign in any ball (f affine on the ball, worst case at the vertex
    -eps y sign(grad)); otherwise NaN is returned for that sample."""
    X = np.asarray(X, float)
    idx = np.flatnonzero(np.asarray(mu) > 0)
    out = np.empty(X.shape[0])
    for k in range(X.shape[0]):
        x = X[k]
        if len(idx) <= 2:
            cands = _candidates(x, U, eps, idx)
            Xp = np.tile(x, (len(cands), 1))
            Xp[:, idx] += np.array(cands)
            out[k] = max(0.0, float(np.max(1.0 - y[k] * _f(Xp, U, alpha))))
        else:
            z = x @ U
            rad = eps * np.abs(U[idx]).sum(axis=0)
            if np.any(np.abs(z) < rad):
                out[k] = np.nan
                continue
            grad = U[idx] @ (alpha * (z >= 0))
            xp = x.copy()
            xp[idx] += -eps * y[k] * np.sign(grad)
            out[k] = max(0.0, float(1.0 - y[k] * _f(xp[None, :], U, alpha)[0]))
    return out


def random_vertex_attack(X, y, U, alpha, eps, mu, rng, trials: int = 64) -> np.ndarray:
    """Per-sample worst hinge loss over random sign vertices of the l_inf ball (a heuristic attack)."""
    X = np.asarray(X, float)
    idx = np.flatnonzero(np.asarray(mu) > 0)
    out = np.empty(X.shape[0])
    for k in range(X.shape[0]):
        Xp = np.tile(X[k], (trials, 1))
        Xp[:, idx] += eps * rng.choice([-1.0, 1.0], size=(trials, len(idx)))
        out[k] = max(0.0, float(np.max(1.0 - y[k] * _f(Xp, U, alpha))))
    return out


def no_flip_margin(X, U, eps, mu) -> float:
    """min over samples, neurons of |x_k^T u_j| - eps ||mu . u_j||_1 (>= 0: no pattern flips in any ball)."""
    idx = np.flatnonzero(np.asarray(mu) > 0)
    if U.shape[1] == 0:
        return np.inf
    return float(np.min(np.abs(np.asarray(X) @ U) - eps * np.abs(U[idx]).sum(axis=0)))
