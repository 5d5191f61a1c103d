"""Binary kl, its upper inversion, exact binomial tails, exact PAC-Bayes failure probabilities.

kl(q || p) = q ln(q/p) + (1-q) ln((1-q)/(1-p)).
kl_inv(q, c) = max{p in [q, 1] : kl(q || p) <= c}, by bisection in float64 (``kl_inv``) and by
bisection in mpmath at ``dps`` digits (``kl_inv_mp``, the cross-check).
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
from scipy import optimize, stats
from scipy.special import xlogy


def kl_bernoulli(q, p):
    """Binary kl(q || p) in nats (numpy, broadcasts; +inf where p is 0 or 1 and q differs)."""
    q = np.asarray(q, float)
    p = np.asarray(p, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(q > 0, xlogy(q, q) - xlogy(q, p), 0.0)
        b = np.where(q < 1, xlogy(1 - q, 1 - q) - (1 - q) * np.log1p(-p), 0.0)
    return a + b


def _kl_from_gap(q: float, d: float) -> float:
    """kl(q || q + d) for 0 <= d <= 1 - q, written with log1p so that the O(d) terms carry
    O(eps*d) absolute error (no loss of the O(d^2) value to cancellation when d is tiny)."""
    if q > 0:
        r = d / q
        # q subnormal: d/q overflows; q ln(1 + d/q) = q (ln(q + d) - ln q) is then exact enough (q ~ 1e-308)
        a = -q * math.log1p(r) if math.isfinite(r) else -q * (math.log(q + d) - math.log(q))
    else:
        a = 0.0
    if d >= 1 - q:
        return math.inf if q < 1 else 0.0
    b = -(1 - q) * math.log1p(-d / (1 - q)) if q < 1 else 0.0
    return max(a + b, 0.0)


def kl_inv(q: float, c: float) -> float:
    """Upper kl inverse by bracketed root finding (scipy brentq, i.e. safeguarded bisection) in float64,
    solved for the gap d = p - q (so that tiny c keeps full relative accuracy in d)."""
    q, c = float(q), float(c)
    if not (0 <= q <= 1) or c < 0:
        raise ValueError("need q in [0, 1] and c >= 0")
    if c == 0 or q == 1:
        return q
    f = lambda d: _kl_from_gap(q, d) - c
    hi = (1 - q) * (1 - 2 ** -52)
    if f(hi) <= 0:
        return 1.0   # the inverse is within float resolution of 1
    d = optimize.brentq(f, 0.0, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=1000)
    return float(min(1.0, q + d))


def kl_bernoulli_mp(q, p):
    q, p = mpmath.mpf(q), mpmath.mpf(p)
    if p >= 1:
        return mpmath.mpf(0) if q == 1 else mpmath.inf
    if p <= 0:
        return mpmath.mpf(0) if q == 0 else mpmath.inf
    a = q * mpmath.log(q / p) if q > 0 else mpmath.mpf(0)
    b = (1 - q) * mpmath.log((1 - q) / (1 - p)) if q < 1 else mpmath.mpf(0)
    return a + b


def kl_inv_mp(q, c, dps: int = 50):
    """Upper kl inverse by plain bisection in mpmath at ``dps`` digits (mpf)."""
    with mpmath.workdps(dps + 10):
        q, c = mpmath.mpf(q), mpmath.mpf(c)
        if c == 0 or q == 1:
            return +q
        lo, hi = q, mpmath.mpf(1)
        for _ in range(int(dps * 3.33) + 40):
            mid = (lo + hi) / 2
            if kl_bernoulli_mp(q, mid) <= c:
                lo = mid
            else:
                hi = mid
        return +lo


# ---------------------------------------------------------------- binomial tails
def binom_cdf(k: int, n: int, p: float) -> float:
    """P(Bin(n, p) <= k) (scipy)."""
    return float(stats.binom.cdf(k, n, p))


def binom_cdf_mp(k: int, n: int, p, dps: int = 50):
    """P(Bin(n, p) <= k) as an exact finite sum in mpmath at ``dps`` digits."""
    with mpmath.workdps(dps):
        p = mpmath.mpf(p)
        return mpmath.fsum(mpmath.binomial(n, j) * p ** j * (1 - p) ** (n - j) for j in range(0, int(k) + 1))


def pac_bayes_failure_probability(n: int, p: float, c: float) -> dict:
    """Exact probability, over k ~ Bin(n, p) (empirical risk q = k/n of a fixed predictor with
    true risk p), that the kl bound with complexity c fails, i.e. that p > kl_inv(k/n, c).

    Computed without inverting kl: p > kl_inv(q, c)  <=>  q < p and kl(q || p) > c (kl(q||.) is
    increasing on [q, 1]).  Returns the probability and the smallest |kl(q||p) - c| over k
    (a tie within float error would make the event ambiguous)."""
    k = np.arange(n + 1)
    q = k / n
    d = kl_bernoulli(q, p)
    fail = (q < p) & (d > c)
    pmf = stats.binom.pmf(k, n, p)
    return {"prob": float(pmf[fail].sum()), "min_gap": float(np.min(np.abs(d - c))),
            "n_fail_k": int(fail.sum())}
