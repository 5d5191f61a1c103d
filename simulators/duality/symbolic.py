"""Symbolic residuals (sympy) of the proof steps behind the duality claims.

``residual(step, L)`` builds an expression that is identically zero when the step is
correct, simplifies it, and evaluates the simplified form exactly at a rational test point
(so a wrong identity yields an exact non-zero number)."""
from __future__ import annotations

import sympy as sp

STEPS = ("amgm_sos", "balanced_value", "stationarity", "weight_decay_balance")
THRESHOLD_STEPS = ("stationarity_poly", "tie_closed_form")


def _pos(name, n):
    return sp.symbols(f"{name}1:{n + 1}", positive=True)


def _sos(xs):
    L = len(xs)
    if L == 2:
        x, y = xs
        return (x - y) ** 2 / 2
    if L == 3:
        x, y, z = xs
        return (x + y + z) * ((x - y) ** 2 + (y - z) ** 2 + (z - x) ** 2) / 6
    if L == 4:
        x, y, z, w = xs
        return ((x ** 2 - y ** 2) ** 2 + (z ** 2 - w ** 2) ** 2 + 2 * (x * y - z * w) ** 2) / 4
    raise ValueError("SOS certificate encoded for L in {2, 3, 4}")


def _expr(step, L):
    if step in ("amgm_sos", "amgm_sos_wrong"):
        xs = _pos("x", L)
        sos = _sos(xs)
        if step == "amgm_sos_wrong":
            x, y, z = xs
            sos = ((x - y) ** 2 + (y - z) ** 2 + (z - x) ** 2) / 6
        return sp.Add(*[x ** L for x in xs]) / L - sp.Mul(*xs) - sos
    if step in ("balanced_value", "stationarity"):
        a = _pos("a", L)
        g = sp.Mul(*a) ** sp.Rational(1, L)
        c = [g / al for al in a]
        if step == "balanced_value":
            return sp.Add(*[(cl * al) ** L for cl, al in zip(c, a)]) / L - sp.Mul(*a) + (sp.Mul(*c) - 1)
        nu = sp.Mul(*a)       # multiplier of sum_l log c_l = 0
        return sp.Add(*[(cl ** (L - 1) * al ** L - nu / cl) ** 2 for cl, al in zip(c, a)])
    if step in ("weight_decay_balance", "weight_decay_nuclear"):
        s = sp.Symbol("s", positive=True)
        b = [s ** sp.Rational(1, L)] * L
        target = sp.Rational(L, 2) * (s ** sp.Rational(2, L) if step == "weight_decay_balance" else s)
        return sp.Add(*[bl ** 2 for bl in b]) / 2 - target + (sp.Mul(*b) - s)
    t, sig, beta = sp.symbols("t sigma beta", positive=True)
    phi_t = (t ** L - sig) ** 2 / 2 + sp.Rational(L, 2) * beta * t ** 2          # phi(s = t^L)
    poly = t ** (2 * L - 2) - sig * t ** (L - 2) + beta
    if step == "stationarity_poly":
        return sp.diff(phi_t, t) - L * t * poly
    if step in ("tie_closed_form", "tie_soft"):
        tc = ((L - 2) * beta) ** sp.Rational(1, 2 * L - 2)
        sc = (L - 1) * beta / tc ** (L - 2) if step == "tie_closed_form" else beta
        sub = {t: tc, sig: sc}
        return poly.subs(sub) ** 2 + (phi_t.subs(sub) - sc ** 2 / 2) ** 2
    raise ValueError(f"unknown step {step!r}")


def residual(step: str, L: int) -> dict:
    e = _expr(step, int(L))
    simp = sp.simplify(sp.expand(e))
    if simp == 0:
        return {"simplified": simp, "value": 0.0}
    pt = {s: sp.Rational(k + 2, k + 1) * (1 + sp.Rational(1, 7) * k) for k, s in
          enumerate(sorted(simp.free_symbols, key=lambda z: z.name))}
    val = sp.nsimplify(simp.subs(pt))
    return {"simplified": simp, "value": float(sp.N(val, 30))}
