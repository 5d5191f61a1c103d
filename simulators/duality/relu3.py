"""Three-layer ReLU network on rank-one data X = c a^T (exploratory PD-4 numerics).

Network (standard, bias-free):  f(X) = ((X W_1)_+ W_2)_+ w_3,
normalisation assumed here [UNCONFIRMED in the spec]: ||W_1||_F <= 1 and the path regulariser
beta * sum_j ||W_2[:, j]||_2 |w_3j| on the last two layers (equivalently, after per-neuron
rescaling, beta/2 (||W_2||_F^2 + ||w_3||^2)), squared loss.

Rank-one reduction: (X W_1)_+ = c_+ p^T + c_- q^T with p = (W_1^T a)_+, q = (-W_1^T a)_+, so the
second-layer pre-activation of a unit u is alpha c_+ + gamma c_- with (alpha, gamma) = (p^T u, q^T u):
the dual constraint's inner maximisation runs over a 2-parameter family."""
from __future__ import annotations

import cvxpy as cp
import numpy as np
from scipy.optimize import minimize

from .convex import solve_clarabel


def rank_one_parts(c):
    c = np.asarray(c, float)
    return np.maximum(c, 0), np.maximum(-c, 0)


def network_objective(theta, X, y, m1, m2, beta):
    n, d = X.shape
    V = theta[:d * m1].reshape(d, m1)
    W2 = theta[d * m1:d * m1 + m1 * m2].reshape(m1, m2)
    w3 = theta[d * m1 + m1 * m2:]
    nV = np.linalg.norm(V)
    W1 = V / nV
    H1 = X @ W1
    A1 = np.maximum(H1, 0)
    H2 = A1 @ W2
    A2 = np.maximum(H2, 0)
    f = A2 @ w3
    r = f - y
    val = 0.5 * r @ r + 0.5 * beta * (np.sum(W2 * W2) + w3 @ w3)
    g3 = A2.T @ r + beta * w3
    gH2 = np.outer(r, w3) * (H2 > 0)
    g2 = A1.T @ gH2 + beta * W2
    gH1 = (gH2 @ W2.T) * (H1 > 0)
    g1 = X.T @ gH1
    gV = (g1 - np.sum(g1 * W1) * W1) / nV
    return val, np.concatenate([gV.ravel(), g2.ravel(), g3])


def primal_multistart(X, y, beta, m1=4, m2=4, restarts=20, rng=None):
    """Best of multi-start L-BFGS on the non-convex three-layer objective: every value is the
    objective of an actual network, so the minimum is an upper bound on the primal optimum."""
    rng = rng or np.random.default_rng(0)
    X, y = np.asarray(X, float), np.asarray(y, float)
    d = X.shape[1]
    npar = d * m1 + m1 * m2 + m2
    vals, best_theta = [], None
    for _ in range(restarts):
        th0 = rng.standard_normal(npar)
        r = minimize(network_objective, th0, args=(X, y, m1, m2, beta), jac=True, method="L-BFGS-B",
                     options={"maxiter": 20000, "gtol": 1e-12, "ftol": 1e-16})
        vals.append(float(network_objective(r.x, X, y, m1, m2, beta)[0]))   # re-evaluate: an actual network
        if vals[-1] == min(vals):
            best_theta = r.x
    return dict(best=min(vals), values=vals, output=network_output(best_theta, X, m1, m2))


def network_output(theta, X, m1=4, m2=4):
    """f(X) = ((X W_1)_+ W_2)_+ w_3 with W_1 = V / ||V||_F (the parametrisation of network_objective)."""
    d = X.shape[1]
    V = theta[:d * m1].reshape(d, m1)
    W2 = theta[d * m1:d * m1 + m1 * m2].reshape(m1, m2)
    w3 = theta[d * m1 + m1 * m2:]
    return np.maximum(np.maximum(X @ (V / np.linalg.norm(V)), 0) @ W2, 0) @ w3


def dual_certificate(lam, c, a, y, beta, constraint="max"):
    """Weak-duality lower bound on the three-layer primal from an arbitrary vector lam (no solver):
    lam is scaled into the dual-feasible set  ||a|| max(|lam^T c_+|, |lam^T c_-|) <= beta  (the
    closed-form sup of lemma pd4_rank1_dual_constraint), and the dual objective
    -1/2 ||lam - y||^2 + 1/2 ||y||^2 is returned with the scale used.  For any network with
    ||W_1||_F <= 1:  1/2||f - y||^2 + beta sum_j ||W_2[:, j]|| |w_3j| >= this value."""
    cp_, cm = rank_one_parts(c)
    lam, y = np.asarray(lam, float), np.asarray(y, float)
    na = float(np.linalg.norm(a))
    terms = (abs(lam @ cp_), abs(lam @ cm))
    sup = na * (max(terms) if constraint == "max" else sum(terms))
    t = 1.0 if sup <= beta else beta / sup
    lam = t * lam
    return dict(value=float(-0.5 * np.sum((lam - y) ** 2) + 0.5 * float(y @ y)), scale=t)


def dual_constraint_sup_grid(lam, c, a, n_grid=4001, n_random=20000, m1=3, rng=None):
    """sup over ||W_1||_F <= 1, ||u||_2 <= 1 of |lam^T ((X W_1)_+ u)_+|, X = c a^T, evaluated
    (i) on a fine grid of the 2-parameter family (alpha, gamma) on the boundary |alpha| + |gamma| =
    ||a|| (the reachable set derived from disjoint supports of p, q), and (ii) by random search over
    actual (W_1, u) (a lower estimate, never above the true sup)."""
    rng = rng or np.random.default_rng(0)
    cp_, cm = rank_one_parts(c)
    X = np.outer(c, a)
    na = np.linalg.norm(a)
    th = np.linspace(0, 2 * np.pi, n_grid)
    al, ga = np.cos(th), np.sin(th)
    s = np.abs(al) + np.abs(ga)
    al, ga = na * al / s, na * ga / s
    feats = np.maximum(np.outer(cp_, al) + np.outer(cm, ga), 0)       # n x grid
    grid = float(np.max(np.abs(lam @ feats)))
    best = 0.0
    for _ in range(n_random // 100):
        W1 = rng.standard_normal((100, len(a), m1))
        W1 /= np.linalg.norm(W1, axis=(1, 2), keepdims=True)
        U = rng.standard_normal((100, m1))
        U /= np.linalg.norm(U, axis=1, keepdims=True)
        H = np.maximum(np.einsum("nd,bdm->bnm", X, W1), 0)
        z = np.maximum(np.einsum("bnm,bm->bn", H, U), 0)
        best = max(best, float(np.max(np.abs(z @ lam))))
    return dict(grid=grid, random=best)


def dual_value(c, a, y, beta, constraint="max"):
    """max -1/2||lam - y||^2 + 1/2||y||^2  s.t. ||a|| |lam^T c_+| <= beta, ||a|| |lam^T c_-| <= beta
    (cvxpy, CLARABEL), and the equivalent two-feature lasso
    min_z 1/2 ||z_+ c_+ + z_- c_- - y||^2 + beta/||a|| (|z_+| + |z_-|) (its primal).
    constraint="sum" (a false variant, for mutants): ||a|| (|lam^T c_+| + |lam^T c_-|) <= beta, whose
    primal is the lasso with the l_inf penalty beta/||a|| max(|z_+|, |z_-|)."""
    cp_, cm = rank_one_parts(c)
    y = np.asarray(y, float)
    na = float(np.linalg.norm(a))
    lam = cp.Variable(len(y))
    cons = ([na * cp.abs(cp_ @ lam) <= beta, na * cp.abs(cm @ lam) <= beta] if constraint == "max"
            else [na * (cp.abs(cp_ @ lam) + cp.abs(cm @ lam)) <= beta])
    dual = cp.Problem(cp.Maximize(-0.5 * cp.sum_squares(lam - y) + 0.5 * float(y @ y)), cons)
    dual_status, tol1 = solve_clarabel(dual)
    z = cp.Variable(2)
    C = np.stack([cp_, cm], axis=1)
    pen = cp.norm1(z) if constraint == "max" else cp.norm_inf(z)
    lasso = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(C @ z - y) + beta / na * pen))
    lasso_status, tol2 = solve_clarabel(lasso)
    return dict(dual=float(dual.value) if dual.value is not None else float("nan"), dual_status=dual_status,
                lasso=float(lasso.value) if lasso.value is not None else float("nan"), lasso_status=lasso_status,
                z=None if z.value is None else [float(v) for v in z.value], solver="CLARABEL", tol=max(tol1, tol2),
                lam=None if lam.value is None else lam.value)


def path_gauge(z, na):
    """Derived cost R(z)/||a|| of realising output z_+ c_+ + z_- c_- with a standard (shared first layer)
    three-layer network under ||W_1||_F <= 1: l1 for same signs, (|z_+|^(2/3) + |z_-|^(2/3))^(3/2) for
    opposite signs (two second-layer units must split the first layer's norm between p and q)."""
    zp, zm = abs(z[0]), abs(z[1])
    if z[0] * z[1] >= 0:
        return (zp + zm) / na
    return (zp ** (2 / 3) + zm ** (2 / 3)) ** 1.5 / na


def reduced_primal(c, a, y, beta, starts=9, opposite_signs=True):
    """min_z 1/2 ||z_+ c_+ + z_- c_- - y||^2 + beta R(z)/||a||: the derived two-variable reduction of the
    standard three-layer primal on rank-one data.  Each closed quadrant is minimised with bounded
    L-BFGS-B from a grid of starts; the axes (one unit) use the exact soft threshold.
    opposite_signs=False drops the quadrants z_+ z_- < 0 (a false variant, for mutants)."""
    cp_, cm = rank_one_parts(c)
    y = np.asarray(y, float)
    na = float(np.linalg.norm(a))
    C = np.stack([cp_, cm], axis=1)

    def obj(z):
        r = C @ z - y
        return 0.5 * float(r @ r) + beta * path_gauge(z, na)

    cand = []
    for k in range(2):                                   # axes: soft threshold of a single feature
        ck = C[:, k]
        zk = np.sign(ck @ y) * max(abs(ck @ y) - beta / na, 0) / (ck @ ck)
        z = np.zeros(2); z[k] = zk
        cand.append(obj(z))
    scale = float(np.max(np.abs(y))) / max(float(np.min(np.linalg.norm(C, axis=0))), 1e-12) + 1
    for s0 in (1, -1):
        for s1 in (1, -1):
            if s0 * s1 < 0 and not opposite_signs:
                continue
            bounds = [(0, None) if s0 > 0 else (None, 0), (0, None) if s1 > 0 else (None, 0)]
            for u in np.linspace(0.05, 1.0, starts):
                for v in np.linspace(0.05, 1.0, 3):
                    x0 = np.array([s0 * u * scale, s1 * v * scale])
                    r = minimize(obj, x0, method="L-BFGS-B", bounds=bounds,
                                 options={"gtol": 1e-13, "ftol": 1e-16, "maxiter": 5000})
                    cand.append(obj(r.x))
    return float(min(cand))
