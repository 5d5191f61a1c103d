"""Golowich, Rakhlin, Shamir (COLT 2018): size-independent Rademacher bound, checked at depth L = 1.

Theorem 1 (recalled, MEMORY in the spec): for depth-L networks with 1-Lipschitz positive-homogeneous
activations and ||W_j||_F <= M_F(j),
R_hat_m <= (1/m) prod_j M_F(j) (sqrt(2 log(2) L) + 1) sqrt(sum_i ||x_i||^2).
At L = 1 the class is the Frobenius ball of linear predictors, whose empirical Rademacher complexity
is computed exactly by enumerating all 2^m sign vectors (simulators.generalization.rademacher);
Khintchine-Kahane puts it in [1/sqrt 2, 1] * M sqrt(sum ||x_i||^2)/m, so the GRS factor 2.18 is
sound and loose, and halving the bound without the factor is refuted.
"""
import math

import numpy as np

from claims.core import AtMost, Claim, Constant, Mutant, Quantity, Source, st
from simulators.generalization.rademacher import linear_ball_rademacher

SOURCE = Source(title="Size-Independent Sample Complexity of Neural Networks",
                authors="N. Golowich, A. Rakhlin, O. Shamir", year=2018, arxiv="1712.06541", venue="COLT 2018",
                locator="Theorem 1 (recalled; checked at depth L = 1)")


def data(p):
    rng = np.random.default_rng(p["seed"])
    return rng.normal(size=(p["m"], p["d"])) * rng.uniform(0.1, 3.0, size=(p["m"], 1))


def grs(p, ctx=None, factor=None):
    X = data(p)
    f = math.sqrt(2 * math.log(2) * 1) + 1 if factor is None else factor
    return Quantity.exact(p["M"] * f * math.sqrt(float(np.sum(X ** 2))) / p["m"], note=f"GRS, factor {f:.4g}")


grs_depth1 = Claim(
    name="grs_depth1", source=SOURCE,
    statement=r"$L=1$: $\hat{\mathcal R}_m(\{x\mapsto w^\top x:\|w\|\le M\}) \le \frac{M}{m}(\sqrt{2\log 2}+1)"
              r"\sqrt{\sum_i\|x_i\|^2}$",
    assumptions=["depth 1 (linear), Frobenius (Euclidean) ball of radius M"],
    params=st.fixed_dictionaries({"seed": st.integers(0, 10 ** 6), "m": st.integers(1, 12), "d": st.integers(1, 6),
                                  "M": st.floats(0.1, 10.0)}),
    examples=[{"seed": 0, "m": 12, "d": 1, "M": 1.0}, {"seed": 1, "m": 10, "d": 5, "M": 2.0}],
    predict=grs, measure=lambda p, ctx: Quantity.exact(linear_ball_rademacher(data(p), p["M"]),
                                                       note="exact average over all 2^m sign vectors"),
    relation=AtMost(why="exact enumeration in float64 (2^m <= 4096 terms): rounding ~1e-15, no statistical slack"),
    constants=[Constant("sqrt(2 log(2) L) + 1", 2.1774, "unconfirmed", "GRS constant recalled (MEMORY)")],
    provenance="unconfirmed", max_examples={"quick": 10, "full": 80},
    mutants=[Mutant("no_factor_halved", "(sqrt(2 log2 L) + 1) dropped and the bound divided by 2: below the "
                    "Khintchine-Kahane lower bound 1/sqrt(2)", predict=lambda p, ctx: grs(p, ctx, factor=0.5))],
)
