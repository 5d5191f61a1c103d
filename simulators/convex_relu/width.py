"""Exact optimum of the non-convex problem at a restricted width m (spec CR-3).

A network of width m has at most m distinct (pattern, sign) pairs (neuron j has pattern
D(u_j) and sign of alpha_j; u_j lies in the cone K_{D(u_j)}), and two neurons with the same
pair merge without loss.  So p_m = min over block sets S of exactly min(m, 2P) pairs of the
convex program restricted to S.  Each restricted program is bracketed (dual-feasible point
with the one-sided per-block certificate below, reconstructed network above), so
p_m in [min_S lower_S, min_S upper_S] rigorously; no gradient descent is involved.
"""
from __future__ import annotations

import itertools

import numpy as np

from .certificate import dual_lower_bound, nc_objective, reconstruct
from .convex import Blocks, solve_blocks


def exact_width_optimum(X, y, beta, D, m: int, tight: bool = True, max_programs: int = 5000) -> dict:
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    full = Blocks.full(D)
    B = full.size
    k = min(int(m), B)
    subsets = list(itertools.combinations(range(B), k))
    if len(subsets) > max_programs:
        raise ValueError(f"C({B}, {k}) = {len(subsets)} programs exceeds max_programs={max_programs}")
    lower, upper, statuses, best_S, tols = np.inf, np.inf, set(), None, set()
    for S in subsets:
        S = list(S)
        bl = Blocks(full.D[:, S], full.s[S])
        sol = solve_blocks(X, y, beta, bl, tight=tight)
        statuses.add(sol.status)
        tols.add(tuple(sorted((key, str(val)) for key, val in sol.tolerances.items())))   # tight, or defaults after a retry
        lo, _, _ = dual_lower_bound(X, y, beta, bl, y - sol.yhat)
        U, a = reconstruct(sol.Z, bl.s)
        up = nc_objective(X, y, beta, U, a)
        lower = min(lower, lo)
        if up < upper:
            upper, best_S = up, S
    return {"lower": float(lower), "upper": float(upper), "programs": len(subsets), "statuses": sorted(statuses),
            "all_optimal": statuses <= {"optimal"}, "tolerances": [dict(t) for t in sorted(tols)],
            "best_blocks": best_S, "m": int(m), "blocks_total": B}
