"""Certified lower bounds (impossibility arguments turned into exact numbers, sympy).

Each function returns a sympy expression (exact) for the bound and is derived in its docstring.
These are the *predictions* of the lower-bound claims; the measurements never call them.
"""
from __future__ import annotations

import sympy as sp


def boundary_extremum_bound(f_peak, f_boundary_max, f_boundary_min=None, f_interior_min=None):
    """Width <= d_x, activation uniformly approximable by injective maps (maximum principle):
    max_K N = max_dK N and min_K N = min_dK N.  If ||f - N||_inf = e then
    f_peak - e <= N(x*) <= max_dK N <= f_boundary_max + e, so e >= (f_peak - f_boundary_max)/2;
    symmetrically with minima.  Returns the larger of the two (exact)."""
    b = sp.Rational(1, 2) * (sp.nsimplify(f_peak) - sp.nsimplify(f_boundary_max))
    if f_boundary_min is not None and f_interior_min is not None:
        b = sp.Max(b, sp.Rational(1, 2) * (sp.nsimplify(f_boundary_min) - sp.nsimplify(f_interior_min)))
    return sp.simplify(b)


def pyramid_sup_bound():
    """Pyramid P = max(0, 1-|x1|-|x2|) on [-1,1]^2: peak P(0) = 1, P = 0 on the boundary."""
    x1, x2 = sp.symbols("x1 x2", real=True)
    P = sp.Max(0, 1 - sp.Abs(x1) - sp.Abs(x2))
    peak = P.subs({x1: 0, x2: 0})
    s = sp.symbols("s", real=True)
    edge = sp.Max(0, 1 - 1 - sp.Abs(s))               # x1 = 1 edge (all edges alike by symmetry)
    bmax = sp.maximum(sp.Piecewise((0, True)) if edge == 0 else edge, s, sp.Interval(-1, 1))
    return boundary_extremum_bound(peak, bmax)


def hat_sup_bound():
    """Hat on [0,1] (0 at the ends, 1 at 1/2), width 1 = d_x: (1 - 0)/2."""
    return boundary_extremum_bound(1, 0)


def hat_width1_l2_bound():
    """Best L2([0,1]) error over width-1 ReLU networks (monotone flat-ramp-flat functions) for the hat.

    Every such network is monotone; the best nondecreasing L2 fit of the hat h is h on [0, a] and the
    constant h(a) = 2a on [a, 1] with h(a) = mean of h on [a, 1] (continuous isotonic regression); it
    is itself flat-ramp-flat (ramp 2x on [0, a]), so the bound is attained.  Nonincreasing fits give
    the same value by symmetry.  Returns the L2 norm (not squared)."""
    a, x = sp.symbols("a x", positive=True)
    h = sp.Piecewise((2 * x, x <= sp.Rational(1, 2)), (2 - 2 * x, True))
    mean = (sp.integrate(2 * x, (x, a, sp.Rational(1, 2))) + sp.integrate(2 - 2 * x, (x, sp.Rational(1, 2), 1))) / (1 - a)
    sols = [s for s in sp.solve(sp.Eq(mean, 2 * a), a) if s.is_real and 0 < s < sp.Rational(1, 2)]
    a0 = sols[0]
    c = 2 * a0
    err2 = sp.integrate((2 * x - c) ** 2, (x, a0, sp.Rational(1, 2))) + sp.integrate((2 - 2 * x - c) ** 2, (x, sp.Rational(1, 2), 1))
    return sp.sqrt(sp.nsimplify(sp.simplify(err2))), a0


def hat_width1_l1_bound():
    """Best L1([0,1]) error over monotone functions for the hat: h on [0, a], constant 2a on [a, 1] with
    2a a median of h on [a, 1]: |{h > 2a}| = 1 - 2a equals |{h < 2a}| = a, so a = 1/3 (cross-checked by an
    LP).  Attained by a flat-ramp-flat function."""
    x = sp.symbols("x", positive=True)
    a0 = sp.Rational(1, 3)
    c = 2 * a0
    err = (sp.integrate(sp.Abs(2 * x - c), (x, a0, sp.Rational(1, 2)))
           + sp.integrate(sp.Abs(2 - 2 * x - c), (x, sp.Rational(1, 2), 1)))
    return sp.nsimplify(sp.simplify(err))


def hat_l1_on_R_bound():
    """Width-1 ReLU networks on R (flat-ramp-flat): finite L1(R) error forces both flat values to be 0,
    hence N == 0, so the error is at least int |hat| = 1/2 (Lu et al. dichotomy, 1-D)."""
    x = sp.symbols("x")
    return sp.integrate(2 * x, (x, 0, sp.Rational(1, 2))) + sp.integrate(2 - 2 * x, (x, sp.Rational(1, 2), 1))


def bowtie_bound(norm: str = "l2"):
    """Self-crossing curve (P0=(-1,-1), P1=(1,1), P2=(1,-1), P3=(-1,1) at t = 0, 1/3, 2/3, 1), width 2.

    Rotated coordinates u = (x+y)/sqrt2, v = (x-y)/sqrt2: arc A = g([0,1/3]) runs from u ~ -sqrt2 to
    u ~ sqrt2 with |v| <= e_perp; arc B = g([2/3,1]) runs from v ~ sqrt2 to v ~ -sqrt2 with |u| <= e_perp;
    endpoints are displaced along the axis by at most e_par.  In the square [-s, s]^2 with s = sqrt2 - e_par
    both arcs cross (left-right, top-bottom) as long as e_perp < s, so they meet: g(t1) = g(t2), t1 != t2,
    impossible for injective approximants of a width-2 network.  Euclidean output norm:
    e_perp = e_par = e, so e >= sqrt2/2.  Max norm: a box of half-side e moves u or v by <= sqrt2 e,
    so sqrt2 e >= sqrt2 - sqrt2 e, e >= 1/2.  Returns the largest e for which the crossing argument works."""
    e = sp.symbols("e", positive=True)
    dev = e if norm == "l2" else sp.sqrt(2) * e
    sol = sp.solve(sp.Eq(dev, sp.sqrt(2) - dev), e)
    return sp.nsimplify(sol[0])


def causality_bounds():
    """f(X)[1] = x[2], X uniform on [0,1]^2.  Any unidirectional RNN outputs g(x[1]) at t = 1.
    Sup: for each x[1], max_{x2 in {0,1}} |g - x2| >= 1/2.  L2: E(g(x1) - x2)^2 >= E Var(x2 | x1) = 1/12.
    A constant 1/2 attains both."""
    u = sp.symbols("u")
    var = sp.integrate((u - sp.Rational(1, 2)) ** 2, (u, 0, 1))
    return sp.Rational(1, 2), sp.sqrt(var)


def rank_bound_identity(d: int, w: int):
    """Identity on [0,1]^d (uniform), networks whose last hidden layer has width w < d: outputs lie in a
    w-dim affine subspace, so E||x - N(x)||^2 >= sum of the d - w smallest covariance eigenvalues
    (Eckart-Young) = (d - w)/12.  Returns the L2 error (sqrt)."""
    u = sp.symbols("u")
    var = sp.integrate((u - sp.Rational(1, 2)) ** 2, (u, 0, 1))
    return sp.sqrt((d - w) * var)


def certified_min_width(d_x: int, d_y: int) -> dict:
    """Largest certified lower bounds on the uniform minimal width of ReLU MLPs (hence of deep ReLU RNNs
    by the length-1 reduction) available in this library, with the argument that gives each."""
    out = {"boundary_extremum (width <= d_x fails)": d_x + 1,
           "rank (width < d_y fails)": d_y}
    if d_x < d_y <= 2 * d_x:
        # computed here (self-crossing certificate) only at (1, 2); the general case is Kim-Min-Park 2024 [SRC]
        out["self-crossing (1,2) / KMP24 [SRC] (width d_y fails)"] = d_y + 1
    return out


def certified_min_width_lp(d_x: int, d_y: int) -> dict:
    """Largest certified lower bounds on the L^p minimal width of ReLU MLPs on a COMPACT domain (hence of deep
    ReLU RNNs by the length-1 reduction) given by this library's arguments, each valid for any depth:
    * rank (Eckart-Young, rank_bound_identity): hidden width < d_y leaves outputs in a (<d_y)-dim affine set;
    * kernel (Cai 2023 argument, spec 4.4): hidden width < d_x makes N constant along ker(A_1) != {0};
    * d_x = 1: width-1 ReLU networks are flat-ramp-flat, so width 1 fails in L^p on [0,1]
      (hat_width1_lp_bound, certified L2 error >= 0.239).
    Park's d_x + 1 on all of R^{d_x} (non-compact) is NOT included: it is not recomputed here."""
    out = {"rank (width < d_y fails)": d_y, "kernel (width < d_x fails)": d_x}
    if d_x == 1:
        out["width-1 ramp form (d_x = 1: width 1 fails)"] = 2
    return out
