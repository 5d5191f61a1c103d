"""Guha, Dubey, Huo: generalization of magnitude-based pruning via sparse matrix sketching.

Statements, sketch dimensions and constants are UNCONFIRMED (spec section 7): the paper's theorem
is registered as skipped.  The standard part it builds on, the Arora et al. (2018) compression
argument, is checked on a finite family: if the compressed model lies in a family of r^q models
(q parameters, r values each), then w.p. >= 1 - delta every g in the family satisfies
L(g) <= L_hat(g) + sqrt((q ln r + ln(1/delta)) / (2m))   (Hoeffding + union bound).

Measurement: a finite family of quantized linear classifiers on a finite data distribution; each
g's true risk is an exact finite sum, and P(L(g) > L_hat(g) + eps) is an exact binomial tail.  The
probability that *some* g fails lies between the largest single-g probability and the union sum,
and both ends are computed exactly.
"""
import itertools
import math

import numpy as np
from scipy import stats

from claims.core import AtMost, Claim, Constant, Mutant, Quantity, Source, st

GUHA = Source(title="Generalization Bounds for Magnitude-Based Pruning via Sparse Matrix Sketching",
              authors="E. K. Guha, P. Dubey, X. Huo", year=2023, arxiv="2305.18789",
              locator="main generalization theorem (statement unconfirmed)")
ARORA = Source(title="Stronger generalization bounds for deep nets via a compression approach",
               authors="S. Arora, R. Ge, B. Neyshabur, Y. Zhang", year=2018, arxiv="1802.05296", venue="ICML 2018",
               locator="Theorem 2.1 shape (recalled, spec PR-1; constants via Hoeffding + union bound)")


def family_risks(p):
    """True risks of every quantized linear classifier sign(w . x), w in V^q, on a finite labelled set."""
    rng = np.random.default_rng(p["seed"])
    q, r = p["q"], p["r"]
    X = rng.normal(size=(12, q))
    probs = rng.dirichlet(np.ones(12))
    teacher = rng.normal(size=q)
    p_flip = 0.1
    values = np.linspace(-1.0, 1.0, r)
    risks = []
    for w in itertools.product(values, repeat=q):
        pred = np.where(X @ np.array(w) >= 0, 1, -1)
        truth = np.where(X @ teacher >= 0, 1, -1)
        err = np.where(pred == truth, p_flip, 1 - p_flip)       # label noise: y = truth w.p. 0.9
        risks.append(float(probs @ err))
    return np.array(risks)


def eps(p, scale=1.0):
    return scale * math.sqrt((p["q"] * math.log(p["r"]) + math.log(1 / p["delta"])) / (2 * p["m"]))


def measure_failure(p, ctx, scale=1.0):
    L = family_risks(p)
    m, e = p["m"], eps(p, scale)
    # P(L - k/m > e) = P(k < m (L - e)) = P(k <= ceil(m (L - e)) - 1).  x = m (L - e) <= 2000 carries a
    # float64 error of a few ulps (< 1e-12 absolute); a k within TIE of x cannot be classified, so it is
    # left out of the lower end (max single g) and counted as failing in the upper end (union sum).
    TIE = 1e-9
    x = m * (L - e)
    per_g_lo = _below(np.ceil(x - TIE) - 1, m, L)
    per_g_hi = _below(np.ceil(x + TIE) - 1, m, L)
    ctx.record(family_size=len(L), eps=e, max_single=float(per_g_lo.max()), union=float(per_g_hi.sum()))
    return Quantity.interval(float(per_g_lo.max()), float(min(1.0, per_g_hi.sum())),
                             note="P(some g fails) lies between the worst single g and the union sum (both exact; "
                                  "float-ambiguous boundary k counted only in the upper end)")


def _below(kmax, m, L):
    """P(Bin(m, L) <= kmax) per g (0 where kmax < 0)."""
    return np.where(kmax >= 0, stats.binom.cdf(kmax, m, L), 0.0)


arora_compression = Claim(
    name="arora_compression", source=ARORA,
    statement=r"for a family of $r^q$ compressed models, w.p. $\ge1-\delta$ every $g$ has "
              r"$L(g)\le\hat L_m(g)+\sqrt{(q\ln r+\ln(1/\delta))/(2m)}$",
    assumptions=["i.i.d. sample of size m", "0-1 loss", "family fixed before seeing the sample"],
    params=st.fixed_dictionaries({"seed": st.integers(0, 10 ** 6), "q": st.integers(1, 3), "r": st.sampled_from([3, 5, 9]),
                                  "m": st.integers(20, 2000), "delta": st.sampled_from([0.01, 0.05, 0.1])}),
    examples=[{"seed": 0, "q": 2, "r": 5, "m": 200, "delta": 0.05}],
    predict=lambda p, ctx: Quantity.exact(p["delta"]), measure=measure_failure,
    # no slack: exact tails; float ties at the event boundary widen the measured interval instead
    relation=AtMost(why="exact binomial tails; the measured interval is [max single-g, union sum] of the exact "
                        "per-g failure probabilities (no sampling); boundary ks that float64 cannot classify "
                        "widen the interval instead of a slack"),
    constants=[Constant("Arora et al. Thm 2.1", "O(sqrt(q log r / m))", "unconfirmed",
                        "MEMORY; explicit constant here from Hoeffding + union bound")],
    provenance="unconfirmed", kind="lemma", max_examples={"quick": 8, "full": 60},
    mutants=[Mutant("eps_over_4", "deviation term divided by 4", measure=lambda p, ctx: measure_failure(p, ctx, 0.25))],
)

magnitude_pruning_bound = Claim(
    name="magnitude_pruning_bound", source=GUHA,
    statement="generalization bound for magnitude-pruned networks via sparse matrix sketching (exact form UNCONFIRMED)",
    assumptions=["magnitude-based pruning with random compression", "sparse matrix sketching of pruned layers"],
    predict=lambda p, ctx: Quantity.unsettled("statement unavailable"),
    measure=lambda p, ctx: Quantity.unsettled("statement unavailable"),
    relation=AtMost(why="not evaluated"), provenance="unconfirmed", depends_on=["arora_compression"],
    skip_reason="the paper's statements, sketch family/dimensions and constants are not available here (spec "
                "section 7, UNCONFIRMED); the Arora et al. compression lemma it builds on is checked as "
                "arora_compression. PR-2 (pruning-noise spectral scale) and PR-3 (sketch recovery) not encoded.",
)
