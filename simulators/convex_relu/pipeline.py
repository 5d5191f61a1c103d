"""Plumbing shared by the claims: the bracketed optimum p* of an instance, pruned network,
scenario sample size.  Returns numbers with their solver metadata; no verdicts."""
from __future__ import annotations

import numpy as np
from scipy import stats

from .certificate import bracket, nc_objective, prune_blocks, reconstruct, merge_collinear
from .convex import Blocks, solve_blocks, solve_convex
from .patterns import enumerate_patterns, pattern_hash


def optimum(X, y, beta, D=None, tight: bool = True, cert_D=None) -> dict:
    """p* over the pattern set D (default: exact enumeration), bracketed.

    The lower bound is certified over ``cert_D`` (default: the same D).  With D = all
    patterns this brackets the optimum over all widths."""
    if D is None:
        D, min_abs = enumerate_patterns(X)
    else:
        min_abs = None
    cert = Blocks.full(D if cert_D is None else cert_D)
    sol = solve_convex(X, y, beta, D, tight=tight)
    br = bracket(X, y, beta, sol, cert)
    # support: drop blocks below 1e-7 of the largest (interior-point spread; their directions are noise),
    # re-solve the program restricted to the surviving blocks, then Caratheodory-prune and merge.
    # The result is a real network; callers compare its true objective with the bracket.
    norms = np.linalg.norm(sol.Z, axis=0)
    keep = np.flatnonzero(norms > 1e-7 * max(norms.max(initial=0.0), 1e-300))
    blocks = sol.blocks
    Zs = np.zeros_like(sol.Z)
    support_status = "optimal"           # nothing to re-solve when every block is zero
    if keep.size:
        sub = Blocks(blocks.D[:, keep], blocks.s[keep])
        rs = solve_blocks(X, y, beta, sub, tight=tight)
        support_status = rs.status       # callers must not trust the pruned network when this is not optimal
        Zs[:, keep] = prune_blocks(X, rs.Z, sub)
    Zp = Zs
    Up, ap = reconstruct(Zp, sol.blocks.s)
    Up, ap = merge_collinear(Up, ap)
    return {"sol": sol, "D": D, "min_abs": min_abs, "lower": br["lower"], "upper": br["upper"], "bracket": br,
            "status": sol.status, "support_status": support_status, "pruned_neurons": int(Up.shape[1]),
            "pruned_objective": nc_objective(X, y, beta, Up, ap), "U": Up, "alpha": ap,
            "pruned_blocks": [int(b) for b in np.flatnonzero(np.linalg.norm(Zp, axis=0) > 0)],
            "pattern_hash": pattern_hash(D), "solve_s": sol.solve_s, "cone_violation": sol.cone_violation,
            "tolerances": sol.tolerances}


def scenario_sample_size(n_dec: int, eps: float, xi: float) -> int:
    """Smallest N with sum_{i < n_dec} C(N, i) eps^i (1-eps)^(N-i) <= xi (Campi-Garatti)."""
    N = n_dec
    while stats.binom.cdf(n_dec - 1, N, eps) > xi:
        N += 1
    return N
