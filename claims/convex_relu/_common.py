"""Shared instance builders and bracket helpers for the convex_relu claim modules (plumbing only)."""
from __future__ import annotations

import numpy as np

from claims.core import Quantity, require_optimal, st
from simulators.convex_relu import (enumerate_patterns, g_two_sided, gaussian_instance, one_d_instance,
                                    optimum, v_shape, whitened_instance)

DEGENERACY_TOL = 1e-8      # spec CR-4: reject X whose min |x_k^T v| over vertex directions is < 1e-8
CONVENTION = ">= 0 (D(u) = diag(1[Xu >= 0]))"

# CLARABEL tightened to 1e-10 gap/feasibility tolerances: objectives accurate to ~1e-9 (spec sec. 3 table).
TIGHT_ACC = 1e-9


def instance(p):
    """(X, y) for an instance dict: kind in {gauss, 1d, vshape, eye2, whitened}."""
    k = p["kind"]
    if k == "gauss":
        return gaussian_instance(p["n"], p["d"], p["seed"])
    if k == "1d":
        return one_d_instance(p["n"], p["seed"])
    if k == "vshape":
        X, y = v_shape()
        return X, y * p.get("ysign", 1.0)
    if k == "eye2":
        return np.eye(2), np.array([2.0, -1.0])
    if k == "whitened":
        return whitened_instance(p["n"], p["d"], p["seed"])
    raise ValueError(k)


def problem(p):
    """(X, y, beta, D, min_abs, beta_max): beta = beta_frac * beta_max unless p has 'beta'."""
    X, y = instance(p)
    D, min_abs = enumerate_patterns(X)
    bmax = g_two_sided(X, D, y)
    beta = p["beta"] if "beta" in p else p["beta_frac"] * bmax
    return X, y, beta, D, min_abs, bmax


def general_instances(n=(3, 12), d=(2, 3), frac=(1e-3, 2.0)):
    """Spec sec. 8 quick recipe: n in [3, 12], d in [2, 3] (incl. bias), beta in [1e-3, 2] * beta_max."""
    gauss = st.fixed_dictionaries({"kind": st.just("gauss"), "n": st.integers(*n), "d": st.integers(*d),
                                   "seed": st.integers(0, 2 ** 16), "beta_frac": st.floats(*frac)})
    oned = st.fixed_dictionaries({"kind": st.just("1d"), "n": st.integers(*n), "seed": st.integers(0, 2 ** 16),
                                  "beta_frac": st.floats(*frac)})
    return st.one_of(gauss, oned)


def valid(p):
    if p["kind"] == "gauss" and not (p["n"] >= p["d"] >= 2):
        return "need n >= d >= 2"
    return True


def p_star(p, ctx, tight=True, D=None):
    """The bracket [lower, upper] on p* (all patterns) as a Quantity, with solver metadata recorded."""
    X, y, beta, Dall, min_abs, bmax = problem(p)
    if min_abs < DEGENERACY_TOL:
        return unsettled(f"near-degenerate X (min |x_k^T v| = {min_abs:.2e} < {DEGENERACY_TOL:g})"), None
    o = optimum(X, y, beta, D=Dall if D is None else D, tight=tight, cert_D=Dall)
    ctx.solver("CLARABEL", o["status"], **o["tolerances"], cone_violation=o["cone_violation"])
    ctx.record(p_star_lower=o["lower"], p_star_upper=o["upper"], bracket_width=o["upper"] - o["lower"],
               beta=beta, beta_max=bmax, patterns=int(Dall.shape[1]), pattern_hash=o["pattern_hash"],
               convention=CONVENTION, solve_s=o["solve_s"], support_resolve_status=o["support_status"])
    why = require_optimal(o["status"], "CLARABEL")
    if why:
        return unsettled(why), o
    return Quantity.interval(o["lower"], o["upper"], note="[dual-feasible lower bound, reconstructed NC objective]",
                             solver="CLARABEL", status=o["status"]), o


def unsettled(reason: str) -> Quantity:
    return Quantity.unsettled(reason)
