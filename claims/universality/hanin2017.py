"""Hanin & Sellke (2017), "Approximating continuous functions by ReLU nets of minimal width".

[SRC] Uniform approximation, ReLU, scalar output: minimal width w_min = d_in + 1; vector output:
d_in + 1 <= w_min <= d_in + d_out.  Encoded as (i) an exact width-(d+1) witness (the pyramid, in
rationals, width audit) and (ii) the certified width-d bound on the pyramid, checked against
optimised width-2 networks of several depths (evidence: bound vs best error per depth).
"""
from fractions import Fraction as F

import numpy as np

from claims.core import AtLeast, AtMost, Claim, Constant, Equal, Mutant, Plot, Quantity, Source, st
from simulators.universality import bounds
from simulators.universality.constructions import pyramid_target, pyramid_width3
from simulators.universality.experiments import pyramid_candidates, pyramid_sup_interval

SOURCE = Source(title="Approximating continuous functions by ReLU nets of minimal width",
                authors="Boris Hanin, Mark Sellke", year=2017, arxiv="1710.11278",
                locator="main theorem (number unconfirmed): w_min = d_in + 1 for scalar output")
THEOREM_NUMBER = Constant("theorem_number", None, "unconfirmed", "only the abstract was available (spec 0.3)")

rational_points = st.lists(st.tuples(st.integers(-64, 64), st.integers(-64, 64)), min_size=20, max_size=80)


def measure_pyramid(p, ctx):
    net = pyramid_width3(p.get("n_maps", 4))
    pts = [(F(a, 64), F(b, 64)) for a, b in p["pts"]] + [(F(0), F(0)), (F(1), F(1)), (F(-1), F(1, 3))]
    err = max(abs(net.exact(x)[0] - pyramid_target(x)) for x in pts)
    ctx.record(hidden_widths=net.widths, width=net.width, n_points=len(pts))
    if net.width != 3:        # width audit: the witness must have hidden width d_x + 1 = 3
        return Quantity.unsettled(f"width audit failed: {net.width} != 3")
    return Quantity.exact(float(err), note="max |N - P| over rational points, exact Fraction arithmetic")


pyramid_exact = Claim(
    name="pyramid_width3_exact", source=SOURCE, provenance="derived", kind="construction",
    statement=r"A ReLU network of hidden widths $3,3,3,3,1$ ($= d_x+1$) represents "
              r"$P(x)=\max(0,1-|x_1|-|x_2|)$ exactly on $[-1,1]^2$ (running minimum of the four affine maps).",
    assumptions=["x in [-1,1]^2 (rational points with denominator 64, plus corners)"],
    params=st.fixed_dictionaries({"pts": rational_points}),
    predict=lambda p, ctx: Quantity.exact(0.0), measure=measure_pyramid,
    relation=Equal(why="exact rational arithmetic: zero tolerance"),
    max_examples={"quick": 4, "full": 40}, constants=[THEOREM_NUMBER],
    mutants=[Mutant("three_maps_suffice", "the running minimum of only three of the four affine maps (depth one "
                    "less) represents the pyramid (false on the quadrant x1, x2 < 0)",
                    measure=lambda p, ctx: measure_pyramid({**p, "n_maps": 3}, ctx),
                    examples=[{"pts": [(-16, -16), (8, 8)]}], max_examples=4)],
)


def predict_bound(p, ctx):
    return Quantity.exact(float(bounds.pyramid_sup_bound()), note="boundary-extremum bound (sympy): 1/2")


def measure_best(p, ctx):
    """Optimise width-2 ReLU networks (restarts x depths, L^8 surrogate of the sup) and enclose the best
    true sup error: lower = exact boundary extremes, N(0) and grid; upper = grid + Lipschitz slack."""
    cands = pyramid_candidates(p["width"], p["depths"], p["restarts"], seed=ctx.seed % 10 ** 6)
    best, rows = None, []
    for L, nets in cands.items():
        encl = [pyramid_sup_interval(n) for n in nets[:2]]        # the 2 best by training loss
        lo, hi = min(encl)
        rows.append((L, lo, hi))
        if best is None or lo < best[0]:
            best = (lo, hi)
    ctx.record(per_depth=rows, best_lower=best[0], best_upper=best[1])
    ctx.plot(Plot(f"width-{p['width']} ReLU networks on the pyramid: certified bound vs best optimised sup error",
                  "depth", "sup error").add("best optimised (certified lower estimate)", [r[0] for r in rows],
                                            [r[1] for r in rows], style="scatter")
             .add("certified bound 1/2", None, 0.5, style="hline"))
    return Quantity.interval(best[0], best[1], note="rigorous enclosure of the best network's sup error")


width_d_bound = Claim(
    name="width_d_pyramid_bound", source=SOURCE, provenance="derived",
    statement=r"Every ReLU network of hidden width $\le d_x = 2$ (any depth) has "
              r"$\sup_{[-1,1]^2}|N-P| \ge \tfrac12$ for the pyramid $P$; optimised width-2 networks never beat it.",
    assumptions=["d_x = 2, hidden width <= 2", "ReLU", "target pyramid on [-1,1]^2"],
    params=None, examples=[{"width": 2, "depths": (1, 2, 4), "restarts": 2}],
    predict=predict_bound, measure=measure_best,
    relation=AtLeast(why="certified exact bound vs a rigorous enclosure of the best sup error"),
    depends_on=["universality.johnson2019.maximum_principle"],
    constants=[Constant("bound", "1/2", "derived", "maximum principle: (P(0) - max_dK P)/2"), THEOREM_NUMBER],
    mutants=[Mutant("bound_holds_at_width_3", "the width-d_x bound applied at width d_x+1 = 3 (false: the exact "
                    "width-3 pyramid has error 0)",
                    measure=lambda p, ctx: Quantity.interval(*pyramid_sup_interval(
                        type(pyramid_width3())([([[float(v) for v in r] for r in W], [float(v) for v in b])
                                                for W, b in pyramid_width3().layers], "relu"))),
                    examples=[{"width": 3}])],
)


# ----------------------------------------------------------------------------- gpu tier: input dimension, depth
def measure_pyramid_gpu(p, ctx):
    """Batched torch search over width-d networks for P_d(x) = max(0, 1 - |x|_1) on [-1,1]^d; the sup error of
    the best networks is bounded below rigorously by their error at the origin and at boundary samples
    (any evaluated point lower-bounds the sup); no upper enclosure in d >= 3 (interval open above)."""
    from simulators.universality.torch_search import batched_search
    d = p["d"]
    rng = np.random.default_rng(ctx.seed % 10 ** 6)
    X = rng.uniform(-1, 1, (4096, d))
    X[:64] = 0.0
    Y = np.maximum(0, 1 - np.abs(X).sum(1))[:, None]
    B = rng.uniform(-1, 1, (200000, d))
    B[np.arange(len(B)), rng.integers(0, d, len(B))] = rng.choice([-1.0, 1.0], len(B))   # boundary points
    best, rows = np.inf, []
    for L in p["depths"]:
        nets = batched_search(X, Y, d, L, n_nets=p["n_nets"], steps=p["steps"], device=ctx.device, seed=L)
        lows = [max(abs(1 - n.float(np.zeros((1, d)))[0, 0]), float(np.abs(n.float(B)[:, 0]).max())) for n in nets]
        rows.append((L, min(lows)))
        best = min(best, min(lows))
    ctx.record(per_depth=rows, d=d)
    return Quantity.interval(best, np.inf, value=best, note="rigorous lower estimate of the best sup error; open above")


width_d_bound_gpu = Claim(
    name="width_d_pyramid_bound_gpu", source=SOURCE, provenance="derived", tiers=("gpu",), backends=("torch",),
    statement=r"GPU adversarial search: width-$d$ ReLU networks (depth 2-64, thousands per depth) never get below "
              r"sup error $\tfrac12$ on $P_d(x)=\max(0,1-\|x\|_1)$, $d=2,3,4$.",
    assumptions=["hidden width d = d_x", "ReLU", "target P_d on [-1,1]^d"],
    params=st.fixed_dictionaries({"d": st.sampled_from([2, 3, 4]), "depths": st.just((2, 4, 8, 16, 32, 64)),
                                  "n_nets": st.just(2048), "steps": st.just(3000)}),
    examples=[{"d": 3, "depths": (2, 4, 8, 16, 32, 64), "n_nets": 2048, "steps": 3000}],
    predict=predict_bound, measure=measure_pyramid_gpu,
    relation=AtLeast(why="certified exact bound vs a rigorous lower estimate of the best sup error"),
    max_examples={"gpu": 3}, constants=[THEOREM_NUMBER],
    mutants=[Mutant("bound_holds_at_width_d_plus_1", "the bound at width d+1 (false: the exact width-3 pyramid, d=2)",
                    measure=lambda p, ctx: Quantity.interval(*pyramid_sup_interval(
                        type(pyramid_width3())([([[float(v) for v in r] for r in W], [float(v) for v in b])
                                                for W, b in pyramid_width3().layers], "relu"))),
                    examples=[{"d": 2}])],
)
