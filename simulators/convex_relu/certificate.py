"""Two-sided certificates for the optimum of the convex / non-convex problem.

Lower bound (CR-5).  For a block set {(D_b, s_b)} and any v in R^n let

    g(v) = max_b  max_{u in K_b, ||u|| <= 1}  s_b v^T D_b X u ,    K_b = {u : (2D_b - I) X u >= 0}.

For a polyhedral cone K = {u : A u >= 0} and any lambda >= 0,
max_{u in K, ||u||<=1} c^T u <= ||c + A^T lambda||  (since lambda^T A u >= 0); the best
lambda is the non-negative least-squares solution (Moreau decomposition), computed with
scipy.optimize.nnls.  So the value returned is a *rigorous upper bound* on g(v) (equal to it
up to the NNLS accuracy), and v_s = v min(1, beta / g(v)) is dual feasible.  Weak duality
(every network of every width whose neurons lie in the cones of the block set):

    1/2||yhat - y||^2 + beta sum_j ||u_j|| |alpha_j|  >=  -1/2||v_s - y||^2 + 1/2||y||^2 .

With all patterns and both signs this bounds p_m for every width m (every u lies in K_{D(u)}).

Upper bound (CR-2).  The NC objective of an explicitly reconstructed network with a true
ReLU forward pass: a network that exists, so its objective is >= the optimum.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import nnls

from .convex import Blocks


def cone_max(A, c) -> float:
    """Rigorous upper bound on max_{u: A u >= 0, ||u|| <= 1} c^T u (equal to it at the NNLS optimum)."""
    if not np.any(c):
        return 0.0
    lam, _ = nnls(A.T, -c, maxiter=50 * A.shape[0] + 100)
    return float(np.linalg.norm(c + A.T @ lam))


def g_value(X, blocks: Blocks, v) -> float:
    """max over blocks of the per-block maximum (each an exact cone program, solved by NNLS)."""
    X = np.asarray(X, float)
    best = 0.0
    for b in range(blocks.size):
        Db = blocks.D[:, b]
        A = (2.0 * Db - 1.0)[:, None] * X
        c = blocks.s[b] * (X.T @ (Db * v))
        best = max(best, cone_max(A, c))
    return best


def g_two_sided(X, D, v) -> float:
    """g(v) = max_{||u||<=1} |v^T (X u)_+| when D holds all patterns of X."""
    return g_value(X, Blocks.full(D), v)


def dual_value(y, v) -> float:
    return -0.5 * float(np.sum((v - y) ** 2)) + 0.5 * float(y @ y)


def dual_lower_bound(X, y, beta, blocks: Blocks, v):
    """(lower bound, g(v), scale) from the dual-feasible scaling of v."""
    y = np.asarray(y, float)
    g = g_value(X, blocks, v)
    # a 1e-12 relative safety factor covers the rounding in the norm of the NNLS residual
    scale = 1.0 if g * (1 + 1e-12) <= beta else beta / (g * (1 + 1e-12))
    return dual_value(y, scale * np.asarray(v, float)), g, scale


# --------------------------------------------------------------------------------------------
# reconstruction (CR-2), merging, pruning

def reconstruct(Z, s, tol: float = 0.0, sqrt_split: bool = True):
    """Blocks -> neurons.  z_b != 0 gives u = z_b / sqrt||z_b||, alpha = s_b sqrt||z_b||.

    ``sqrt_split=False`` is the mutant u = z_b, alpha = s_b (same predictions, wrong penalty).
    Blocks with ||z_b|| <= tol * max ||z|| are dropped."""
    norms = np.linalg.norm(Z, axis=0)
    if Z.shape[1] == 0 or norms.max(initial=0.0) == 0:
        return np.zeros((Z.shape[0], 0)), np.zeros(0)
    keep = norms > tol * norms.max()
    Zk, nk, sk = Z[:, keep], norms[keep], np.asarray(s)[keep]
    if sqrt_split:
        return Zk / np.sqrt(nk), sk * np.sqrt(nk)
    return Zk.copy(), sk.astype(float)


def nc_predict(X, U, alpha):
    return np.maximum(np.asarray(X) @ U, 0.0) @ alpha


def nc_objective(X, y, beta, U, alpha) -> float:
    """1/2 || sum_j (X u_j)_+ alpha_j - y ||^2 + beta/2 sum_j (||u_j||^2 + alpha_j^2): true forward pass."""
    r = nc_predict(X, U, alpha) - y
    return 0.5 * float(r @ r) + 0.5 * beta * (float(np.sum(U * U)) + float(alpha @ alpha))


def merge_collinear(U, alpha, angle_tol: float = 1e-6):
    """Merge neurons with the same output sign and (numerically) the same direction.

    Neurons j, k with u_j / ||u_j|| == u_k / ||u_k|| and sign alpha_j == sign alpha_k have
    outputs proportional to the same vector, so they add up to one neuron with
    z = sum |alpha_j| u_j (then balanced by the square-root split).  Returns (U, alpha)."""
    if U.shape[1] == 0:
        return U, alpha
    Z = U * np.abs(alpha)                            # effective weight sign * z_j
    dirs = U / np.linalg.norm(U, axis=0)
    groups: list[list[int]] = []
    for j in range(U.shape[1]):
        for gidx in groups:
            k = gidx[0]
            if np.sign(alpha[j]) == np.sign(alpha[k]) and np.linalg.norm(dirs[:, j] - dirs[:, k]) <= angle_tol:
                gidx.append(j)
                break
        else:
            groups.append([j])
    Zm = np.stack([Z[:, gidx].sum(axis=1) for gidx in groups], axis=1)
    sm = np.array([np.sign(alpha[gidx[0]]) for gidx in groups])
    return reconstruct(Zm, sm)


def prune_blocks(X, Z, blocks: Blocks, tol: float = 1e-9, max_iter: int = 1000):
    """Caratheodory pruning: while the block outputs {s_b D_b X z_b} are linearly dependent,
    move along a null-space direction t (z_b -> (1 + t_b) z_b stays in its cone for t_b >= -1),
    prediction unchanged, penalty changing by sum_b t_b ||z_b|| <= 0, until one block vanishes.
    The objective never increases; at the end the surviving outputs are independent, so at
    most rank <= n blocks remain.  Returns Z (same shape, pruned blocks set to 0)."""
    X = np.asarray(X, float)
    Z = Z.copy()
    for _ in range(max_iter):
        norms = np.linalg.norm(Z, axis=0)
        act = np.flatnonzero(norms > tol * max(norms.max(initial=0.0), 1e-300))
        Z[:, np.setdiff1d(np.arange(Z.shape[1]), act)] = 0.0
        if act.size == 0:
            break
        F = (blocks.D[:, act] * (X @ Z[:, act])) * blocks.s[act]     # n x k outputs
        # null space of F, numerically
        _, sv, vt = np.linalg.svd(F, full_matrices=True)
        rank = int(np.sum(sv > sv[0] * 1e-9)) if sv.size else 0
        if rank >= act.size:
            break
        t = vt[-1]
        slope = float(t @ norms[act])
        cands = []
        for sg in (1.0, -1.0):
            tt = sg * t
            if sg * slope > 1e-12 * float(np.sum(norms[act])) or not np.any(tt < 0):
                continue                              # penalty must not increase; some block must shrink
            neg = tt < 0
            step = float(np.min(-1.0 / tt[neg]))      # first block to reach zero
            cands.append((float(np.max(1.0 + step * tt)), step, tt))
        if not cands:
            break
        _, step, tt = min(cands, key=lambda c: c[0])  # least amplification of surviving blocks
        Z[:, act] = Z[:, act] * (1.0 + step * tt)
        neg = tt < 0
        j = act[neg][np.argmin(-1.0 / tt[neg])]
        Z[:, j] = 0.0
    return Z


def bracket(X, y, beta, sol, cert_blocks: Blocks, tol: float = 0.0) -> dict:
    """[lower, upper] on the optimum: lower from the dual-feasible scaled residual of ``sol``
    over ``cert_blocks`` (all patterns, both signs, for p*), upper from the NC objective of the
    reconstructed network (and of its merged version; both are real networks)."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    lower, g, scale = dual_lower_bound(X, y, beta, cert_blocks, y - sol.yhat)
    U, a = reconstruct(sol.Z, sol.blocks.s, tol=tol)
    up_raw = nc_objective(X, y, beta, U, a)
    Um, am = merge_collinear(U, a)
    up_merged = nc_objective(X, y, beta, Um, am)
    return {"lower": lower, "upper": min(up_raw, up_merged), "upper_raw": up_raw, "upper_merged": up_merged,
            "g": g, "dual_scale": scale, "width": min(up_raw, up_merged) - lower,
            "neurons_raw": int(U.shape[1]), "neurons_merged": int(Um.shape[1])}
