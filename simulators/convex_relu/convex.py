"""The convex program of Pilanci & Ergen (2020) and its relatives, in cvxpy with CLARABEL.

Squared loss, this spec's scaling (spec sec. 2.2):

    min  1/2 || sum_b s_b D_b X z_b - y ||^2 + beta sum_b ||z_b||_2
    s.t. (2 D_b - I) X z_b >= 0                      (cone constraints)

over *blocks* b = (pattern D_b, sign s_b in {+1, -1}).  The full program of CR-1 uses
every non-zero pattern with both signs (v_i are the + blocks, w_i the - blocks); the
exact width-restricted optimum (CR-3) restricts the block set; the gated-ReLU
relaxation (MSP22) drops the cones and keeps one unsigned block per pattern.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import cvxpy as cp
import numpy as np

SOLVER = "CLARABEL"
TIGHT = dict(tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10, tol_ktratio=1e-8)


def solver_kwargs(tight: bool) -> dict:
    return dict(TIGHT) if tight else {}


@dataclass
class Blocks:
    """A block set: D (n x B bool) and sign s (B,) in {+1, -1}."""
    D: np.ndarray
    s: np.ndarray

    @classmethod
    def full(cls, D) -> "Blocks":
        D = np.asarray(D, dtype=bool)
        D = D[:, D.any(axis=0)]                      # the zero pattern contributes nothing
        P = D.shape[1]
        return cls(np.concatenate([D, D], axis=1), np.concatenate([np.ones(P), -np.ones(P)]))

    @property
    def size(self) -> int:
        return int(self.D.shape[1])


@dataclass
class Solution:
    value: float                 # solver's objective value (one solver's number, not a verdict)
    status: str
    Z: np.ndarray                # d x B block variables
    blocks: Blocks
    yhat: np.ndarray
    cone_violation: float        # max_b,k of -(2D-1) x_k^T z_b, relative to max |X z|
    solve_s: float
    solver: str = SOLVER
    tolerances: dict = field(default_factory=dict)
    convex_objective: float = float("nan")   # objective recomputed in numpy at Z

    def vw(self):
        """(V, W, D): the + and - blocks as d x P matrices on the distinct patterns (full programs)."""
        P = self.blocks.size // 2
        return self.Z[:, :P], self.Z[:, P:], self.blocks.D[:, :P]


def convex_objective(X, y, beta, Z, blocks: Blocks) -> float:
    X = np.asarray(X, float)
    yhat = ((blocks.D * (X @ Z)) @ blocks.s) if blocks.size else np.zeros(X.shape[0])
    return 0.5 * float(np.sum((yhat - y) ** 2)) + beta * float(np.sum(np.linalg.norm(Z, axis=0)))


def cone_violation(X, Z, D) -> float:
    if Z.size == 0:
        return 0.0
    XZ = np.asarray(X) @ Z
    S = 2.0 * D - 1.0
    scale = max(1.0, float(np.max(np.abs(XZ))))
    return float(max(0.0, np.max(-S * XZ))) / scale


def solve_blocks(X, y, beta, blocks: Blocks, tight: bool = False, cones: bool = True) -> Solution:
    """Solve the program over a block set with CLARABEL (named)."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    n, d = X.shape
    B = blocks.size
    if B == 0:   # no non-zero pattern (e.g. every sampled pattern was zero): the zero network
        return Solution(0.5 * float(y @ y), "optimal", np.zeros((d, 0)), blocks, np.zeros(n), 0.0, 0.0,
                        solver="none (empty block set: zero network)", convex_objective=0.5 * float(y @ y))
    Z = cp.Variable((d, B))
    XZ = X @ Z
    Df = blocks.D.astype(float)
    yhat = cp.multiply(Df, XZ) @ blocks.s
    obj = 0.5 * cp.sum_squares(yhat - y) + beta * cp.sum(cp.norm(Z, 2, axis=0))
    cons = [cp.multiply(2.0 * Df - 1.0, XZ) >= 0] if cones else []
    prob = cp.Problem(cp.Minimize(obj), cons)
    t0 = time.perf_counter()
    used_tight = tight
    try:
        prob.solve(solver=cp.CLARABEL, **solver_kwargs(tight))
        status = prob.status
        if tight and status == "optimal_inaccurate":
            # 1e-10 tolerances can be out of reach (e.g. rank-deficient X); retry at CLARABEL defaults.
            # The bracket built from the solution stays rigorous; only its width grows (~1e-7).
            prob.solve(solver=cp.CLARABEL)
            status, used_tight = prob.status, False
    except cp.error.SolverError as e:  # reported, never verified
        status = f"solver_error: {e}"
    dt = time.perf_counter() - t0
    Zv = np.zeros((d, B)) if Z.value is None else np.asarray(Z.value)
    yh = (Df * (X @ Zv)) @ blocks.s
    tol = solver_kwargs(used_tight) or {"defaults": True}
    if tight and not used_tight:
        tol = {"defaults": True, "retried_after": "optimal_inaccurate at 1e-10"}
    return Solution(float(prob.value) if prob.value is not None else float("nan"), status, Zv, blocks, yh,
                    cone_violation(X, Zv, blocks.D) if cones else 0.0, dt, tolerances=tol,
                    convex_objective=convex_objective(X, y, beta, Zv, blocks))


def solve_convex(X, y, beta, D, tight: bool = False) -> Solution:
    """CR-1: all given patterns (zero pattern dropped), both signs, cone constraints."""
    return solve_blocks(X, y, beta, Blocks.full(D), tight=tight)


def solve_gated(X, y, beta, D, tight: bool = False) -> Solution:
    """C-GReLU (MSP22): min 1/2||sum_i D_i X u_i - y||^2 + beta sum ||u_i||, no cones, one block per gate."""
    D = np.asarray(D, bool)
    D = D[:, D.any(axis=0)]
    return solve_blocks(X, y, beta, Blocks(D, np.ones(D.shape[1])), tight=tight, cones=False)


# --------------------------------------------------------------------------------------------
# convex adversarial training (BGGS), hinge loss, l_inf ball on the features where mu == 1

@dataclass
class RobustSolution:
    value: float
    status: str
    V: np.ndarray
    W: np.ndarray
    D: np.ndarray
    solve_s: float
    tolerances: dict


def solve_robust_hinge(X, y, beta, D, eps, mu, tight: bool = False, margin: bool = True,
                       dual_norm: str = "l1") -> RobustSolution:
    """min sum_k (1 - y_k x_k^T a_k + eps ||mu . a_k||_*)_+ + beta sum_i (||v_i|| + ||w_i||)
    s.t. (2 d_ik - 1) x_k^T v_i >= eps ||mu . v_i||_*  (same for w_i),  a_k = sum_i d_ik (v_i - w_i).

    ||.||_* is the dual norm of the attack norm: l1 for l_inf attacks.  ``margin=False`` drops
    the eps term of the constraints (a mutant: patterns may flip inside the ball);
    ``dual_norm="l2"`` uses the wrong dual norm (a mutant)."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    D = np.asarray(D, bool)
    D = D[:, D.any(axis=0)]
    n, d = X.shape
    P = D.shape[1]
    mu = np.asarray(mu, float)
    V = cp.Variable((d, P))
    W = cp.Variable((d, P))
    Df = D.astype(float)
    A = (V - W) @ Df.T                                      # d x n, column k = a_k
    xa = cp.sum(cp.multiply(X.T, A), axis=0)               # x_k^T a_k
    p = 1 if dual_norm == "l1" else 2
    Mu = np.diag(mu)
    na = cp.norm(Mu @ A, p, axis=0)
    loss = cp.sum(cp.pos(1 - cp.multiply(y, xa) + eps * na))
    obj = loss + beta * (cp.sum(cp.norm(V, 2, axis=0)) + cp.sum(cp.norm(W, 2, axis=0)))
    S = 2.0 * Df - 1.0
    cons = []
    for Z in (V, W):
        nz = cp.norm(Mu @ Z, p, axis=0)
        rhs = eps * (np.ones((n, 1)) @ cp.reshape(nz, (1, P), order="C")) if margin else 0
        cons.append(cp.multiply(S, X @ Z) >= rhs)
    prob = cp.Problem(cp.Minimize(obj), cons)
    t0 = time.perf_counter()
    try:
        prob.solve(solver=cp.CLARABEL, **solver_kwargs(tight))
        status = prob.status
    except cp.error.SolverError as e:
        status = f"solver_error: {e}"
    dt = time.perf_counter() - t0
    Vv = np.zeros((d, P)) if V.value is None else np.asarray(V.value)
    Wv = np.zeros((d, P)) if W.value is None else np.asarray(W.value)
    return RobustSolution(float(prob.value) if prob.value is not None else float("nan"), status, Vv, Wv, D, dt,
                          solver_kwargs(tight) or {"defaults": True})


# --------------------------------------------------------------------------------------------
# cone decomposition (MSP22; scnn's MinL2Decomposition): u_i = v_i - w_i with v_i, w_i in K_i

def cone_decomposition(X, D, U, tight: bool = True):
    """min sum_i ||v_i|| + ||w_i||  s.t. v_i - w_i = u_i, (2D_i - I) X v_i >= 0, (2D_i - I) X w_i >= 0.

    Returns (V, W, status).  Infeasible when some K_i is lower-dimensional and u_i is not in K_i - K_i
    (a singular gate): the status says so, nothing is raised."""
    X = np.asarray(X, float)
    D = np.asarray(D, bool)
    d, P = X.shape[1], D.shape[1]
    V, W = cp.Variable((d, P)), cp.Variable((d, P))
    S = 2.0 * D - 1.0
    cons = [V - W == U, cp.multiply(S, X @ V) >= 0, cp.multiply(S, X @ W) >= 0]
    prob = cp.Problem(cp.Minimize(cp.sum(cp.norm(V, 2, axis=0)) + cp.sum(cp.norm(W, 2, axis=0))), cons)
    try:
        prob.solve(solver=cp.CLARABEL, **solver_kwargs(tight))
        status = prob.status
    except cp.error.SolverError as e:
        status = f"solver_error: {e}"
    if V.value is None:
        return None, None, status
    return np.asarray(V.value), np.asarray(W.value), status
