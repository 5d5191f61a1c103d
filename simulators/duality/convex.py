"""The convex side: min-nuclear-norm interpolation and its dual (cvxpy, CLARABEL).

  primal  D = min ||W||_*            s.t. X W = Y
  dual    D = max tr(Lambda^T Y)     s.t. ||X^T Lambda||_2 <= 1
Both are semidefinite-representable; CLARABEL accepts the PSD cone.  Tolerances are
tightened to 1e-10 (convex_relu.md §3: reproduces closed forms to ~1e-9)."""
from __future__ import annotations

import cvxpy as cp
import numpy as np

TOL = 1e-10
SOLVER_OPTS = dict(tol_gap_abs=TOL, tol_gap_rel=TOL, tol_feas=TOL)


def solve_clarabel(prob):
    """Solve with tightened tolerances; if CLARABEL cannot certify them (e.g. 'optimal_inaccurate'),
    retry once with its defaults (1e-8).  Returns (status, tolerance actually used)."""
    import warnings
    for opts, tol in ((SOLVER_OPTS, TOL), ({}, 1e-8)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")          # the status carries the information
                prob.solve(solver=cp.CLARABEL, **opts)
            status = prob.status
        except cp.error.SolverError as e:            # reported as a status, never raised
            status = f"solver_error: {e}"
        if status == "optimal":
            return status, tol
    return status, tol


def nuclear_primal(X, Y):
    """min ||W||_* s.t. XW = Y.  Returns value, status, W, feasibility residual."""
    X, Y = np.atleast_2d(np.asarray(X, float)), np.atleast_2d(np.asarray(Y, float))
    W = cp.Variable((X.shape[1], Y.shape[1]))
    prob = cp.Problem(cp.Minimize(cp.normNuc(W)), [X @ W == Y])
    status, tol = solve_clarabel(prob)
    Wv = W.value
    res = float(np.linalg.norm(X @ Wv - Y)) if Wv is not None else float("nan")
    return dict(value=float(prob.value) if prob.value is not None else float("nan"), status=status,
                W=Wv, residual=res, solver="CLARABEL", tol=tol)


def nuclear_dual(X, Y):
    """max tr(Lambda^T Y) s.t. ||X^T Lambda||_2 <= 1.  Also returns a rigorously
    dual-feasible value: Lambda rescaled by max(1, ||X^T Lambda||_2) (numpy SVD)."""
    X, Y = np.atleast_2d(np.asarray(X, float)), np.atleast_2d(np.asarray(Y, float))
    Lam = cp.Variable(Y.shape)
    prob = cp.Problem(cp.Maximize(cp.trace(Lam.T @ Y)), [cp.sigma_max(X.T @ Lam) <= 1])
    status, tol = solve_clarabel(prob)
    Lv = Lam.value
    if Lv is None:
        return dict(value=float("nan"), status=status, feasible_value=float("nan"), solver="CLARABEL", tol=tol)
    nrm = float(np.linalg.norm(X.T @ Lv, 2))
    feas = float(np.sum(Lv * Y)) / max(1.0, nrm)
    return dict(value=float(prob.value), status=status, Lambda=Lv, constraint=nrm,
                feasible_value=feas, solver="CLARABEL", tol=tol)
