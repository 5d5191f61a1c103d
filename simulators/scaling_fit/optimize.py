"""Multi-start L-BFGS for the scaling-law objectives.

``grid_starts()`` is the replication's 4500-point initialisation grid
(alpha, beta in {0, 0.5, ..., 2}, e in {-1, -0.5, ..., 1}, a, b in {0, 5, ..., 25});
``small_starts(k)`` is a k-point scrambled Sobol sample of the same box (default 20).
"""
from __future__ import annotations

import hashlib
import itertools
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy.stats import qmc

from .objective import objective

# Tight tolerances: the summed Huber objective is ~1e-3..1e-2 at the optimum, so an
# absolute change criterion of 2.2e-9 (scipy's default ftol, relative to max(|f|, 1))
# is coarse.  ftol = 1e-15 makes L-BFGS-B iterate until the projected gradient is
# below gtol or the line search can no longer decrease f in float64.
TIGHT = {"ftol": 1e-15, "gtol": 1e-11, "maxiter": 5000, "maxcor": 20}
DEFAULT = {"ftol": 2.220446049250313e-09, "gtol": 1e-05, "maxiter": 15000, "maxcor": 10}   # scipy's defaults
# A start counts as converged when the final gradient's inf-norm is below this
# (relative to the objective's scale: |grad| <= GRAD_ACCEPT * max(1, n_points)).
GRAD_ACCEPT = 1e-7

BOX_LO = np.array([0.0, 0.0, -1.0, 0.0, 0.0])
BOX_HI = np.array([25.0, 25.0, 1.0, 2.0, 2.0])


def grid_starts() -> np.ndarray:
    """The 4500-start grid of the replication notebook, columns (a, b, e, alpha, beta)."""
    alpha = np.arange(0, 2.01, 0.5)
    beta = np.arange(0, 2.01, 0.5)
    e = np.arange(-1, 1.01, 0.5)
    a = np.arange(0, 25.01, 5)
    b = np.arange(0, 25.01, 5)
    pts = [(ai, bi, ei, al, be) for al, be, ei, ai, bi in itertools.product(alpha, beta, e, a, b)]
    return np.array(pts, dtype=float)


def small_starts(k: int = 20, seed: int = 0) -> np.ndarray:
    """k starts spread over the grid's box (scrambled Sobol, fixed seed)."""
    with warnings.catch_warnings():   # balance warning for k not a power of 2: harmless here
        warnings.simplefilter("ignore")
        s = qmc.Sobol(d=5, scramble=True, seed=seed).random(k)
    return BOX_LO + s * (BOX_HI - BOX_LO)


def starts_id(starts: np.ndarray, label: str) -> str:
    h = hashlib.sha256(np.ascontiguousarray(np.asarray(starts, float)).tobytes()).hexdigest()[:12]
    return f"{label} ({len(starts)} starts, sha256:{h})"


@dataclass
class LocalResult:
    theta: np.ndarray
    fun: float
    grad_inf: float
    nit: int
    nfev: int
    message: str
    converged: bool
    start: np.ndarray


def local_fit(fun_grad, x0, tol=None, n_points=1) -> LocalResult:
    """One L-BFGS-B run (scipy) with an analytic gradient."""
    opts = dict(TIGHT if tol is None else tol)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        r = optimize.minimize(fun_grad, np.asarray(x0, float), jac=True, method="L-BFGS-B",
                              options={k: v for k, v in opts.items()})
        f, g = fun_grad(r.x)
    gi = float(np.max(np.abs(g))) if np.all(np.isfinite(g)) else float("inf")
    ok = bool(np.isfinite(f)) and gi <= GRAD_ACCEPT * max(1.0, n_points)
    return LocalResult(np.asarray(r.x, float), float(f), gi, int(r.nit), int(r.nfev), str(r.message), ok,
                       np.asarray(x0, float))


def make_fun(logN, logD, logL, kind="huber", delta=None, reduction="sum"):
    def fg(theta):
        return objective(theta, logN, logD, logL, kind=kind, delta=delta, reduction=reduction)
    return fg


def multistart(logN, logD, logL, starts, kind="huber", delta=None, reduction="sum", tol=None,
               keep_all=False):
    """Best of L-BFGS runs from every start; optionally every local result."""
    fg = make_fun(logN, logD, logL, kind, delta, reduction)
    best, allres = None, []
    for x0 in np.atleast_2d(starts):
        r = local_fit(fg, x0, tol, n_points=logN.size)
        if keep_all:
            allres.append(r)
        if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
            best = r
    return best, allres
