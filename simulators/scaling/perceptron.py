"""Sorscher et al. teacher-student perceptron with data pruning (numbers only).

x ~ N(0, I_N), y = sign(T . x).  Pruning keeps a fraction f of P_tot = alpha_tot N examples ranked by
the margin |T_probe . x| (T_probe at angle theta to T): "hard" keeps the smallest margins, "easy" the
largest.  The student is the max-margin (hard-margin SVM, no bias) solution, a convex QP solved by
cvxpy/CLARABEL; generalisation error eps = arccos(R)/pi with R the student-teacher overlap."""
from __future__ import annotations

import numpy as np


def max_margin(X, y, solver: str = "CLARABEL"):
    import cvxpy as cp
    w = cp.Variable(X.shape[1])
    prob = cp.Problem(cp.Minimize(cp.sum_squares(w)), [cp.multiply(y, X @ w) >= 1])
    prob.solve(solver=solver)
    return (None if w.value is None else np.asarray(w.value)), prob.status


def pruned_error(N: int, alpha_tot: float, f: float, keep: str, theta_deg: float, seed: int):
    """Returns (eps, solver status)."""
    rng = np.random.default_rng(seed)
    T = rng.standard_normal(N)
    T /= np.linalg.norm(T)
    u = rng.standard_normal(N)
    u -= (u @ T) * T
    u /= np.linalg.norm(u)
    th = np.deg2rad(theta_deg)
    probe = np.cos(th) * T + np.sin(th) * u
    P = int(round(alpha_tot * N))
    X = rng.standard_normal((P, N))
    y = np.sign(X @ T)
    if f < 1:
        m = np.abs(X @ probe)
        order = np.argsort(m)
        k = int(round(f * P))
        idx = order[:k] if keep == "hard" else order[-k:]
        X, y = X[idx], y[idx]
    w, status = max_margin(X, y)
    if w is None:
        return float("nan"), status
    R = float(w @ T / np.linalg.norm(w))
    return float(np.arccos(np.clip(R, -1, 1)) / np.pi), status
