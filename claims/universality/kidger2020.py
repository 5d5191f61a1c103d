"""Kidger & Lyons (COLT 2020), "Universal approximation with deep narrow networks".

[SRC] Width n+m+2 suffices for any nonaffine continuous activation with a continuous nonzero derivative at
some point; n+m+1 for "most" activations.  [DERIVED] ReLU register version checked here: a one-hidden-layer
ReLU network with M units on a compact box is rewritten exactly as a deep network of width n+m+1 (input
carried, m output registers shifted to stay positive, one unit per layer), in rational arithmetic.
"""
from fractions import Fraction as F

import numpy as np

from claims.core import Claim, Constant, Equal, Mutant, Quantity, Source, st
from simulators.universality.constructions import _register_conversion

SOURCE = Source(title="Universal approximation with deep narrow networks", authors="Patrick Kidger, Terry Lyons",
                year=2020, venue="COLT 2020", arxiv="1905.08539",
                locator="register construction (theorem number unconfirmed)")


def measure(p, ctx):
    rng = np.random.default_rng(p["seed"])
    n, m, M = p["n"], p["m"], p["M"]
    q = lambda *s: [[F(int(v), 8) for v in row] for row in rng.integers(-16, 17, s)]
    W1, b1, W2, b2 = q(M, n), q(1, M)[0], q(m, M), q(1, m)[0]
    lo = [F(-1)] * n
    deep, My = _register_conversion(W1, b1, W2, b2, lo, shift=p.get("shift", True), box_hi=[F(1)] * n)
    err = F(0)
    for _ in range(10):
        x = [F(int(v), 16) for v in rng.integers(-16, 17, n)]
        h = [max(F(0), sum(W1[k][j] * x[j] for j in range(n)) + b1[k]) for k in range(M)]
        shallow = [sum(W2[i][k] * h[k] for k in range(M)) + b2[i] for i in range(m)]
        err = max(err, max(abs(a - b) for a, b in zip(deep.exact(x), shallow)))
    ctx.record(width=deep.width, depth=deep.depth, shift=float(My))
    if deep.width != n + m + 1:
        return Quantity.unsettled(f"width audit failed: {deep.width} != n+m+1")
    return Quantity.exact(float(err), note="exact Fraction arithmetic on [-1,1]^n")


register_conversion = Claim(
    name="register_conversion_relu", source=SOURCE, provenance="derived", kind="construction",
    statement=r"Every one-hidden-layer ReLU network $\mathbb{R}^n\to\mathbb{R}^m$ with $M$ units equals, on a "
              r"compact box, a deep ReLU network of width $n+m+1$ and depth $M+1$ (hence width $n+m+1$ suffices "
              r"for ReLU; Kidger-Lyons state $n+m+2$ in general, $n+m+1$ for most activations).",
    assumptions=["x in [-1,1]^n", "rational weights", "M <= 50"],
    params=st.fixed_dictionaries({"n": st.integers(1, 3), "m": st.integers(1, 3), "M": st.integers(1, 50),
                                  "seed": st.integers(0, 10 ** 6)}),
    examples=[{"n": 2, "m": 2, "M": 50, "seed": 0}],
    predict=lambda p, ctx: Quantity.exact(0.0), measure=measure,
    relation=Equal(why="exact rational arithmetic: zero tolerance"), max_examples={"quick": 6, "full": 40},
    constants=[Constant("width_general", "n+m+2", "paper", "nonaffine continuous activation, C^1 nonzero somewhere"),
               Constant("width_most", "n+m+1", "paper", "'most' activations"),
               Constant("theorem_number", None, "unconfirmed", "only the abstract was available (spec 0.3)")],
    mutants=[Mutant("registers_need_no_shift", "the output registers can be carried without the positivity shift "
                    "(false: ReLU clips negative partial sums)",
                    measure=lambda p, ctx: measure({**p, "shift": False}, ctx),
                    examples=[{"n": 1, "m": 1, "M": 5, "seed": 3}, {"n": 2, "m": 2, "M": 20, "seed": 1}])],
)
