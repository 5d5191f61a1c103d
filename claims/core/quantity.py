"""Quantity: a value together with the interval its uncertainty allows.

A claim's prediction and measurement are both Quantities.  The interval [lo, hi]
is where the true value lies given the stated uncertainty:

* ``exact``        lo == value == hi (rational arithmetic, closed forms in float
                   where the float error is negligible against every tolerance);
* ``numerical``    an interval from solver accuracy or floating-point error;
* ``statistical``  a confidence interval (seeds, bootstrap, Clopper-Pearson);
* ``range``        an allowed range stated by the theory (used with ``Within``).

A Quantity that could not be computed reliably (solver status other than optimal,
an estimator that did not converge) is *unsettled*: ``ok`` is False and ``reason``
says why.  Every relation evaluated on an unsettled quantity is undecided, so a
claim built on it can only come out inconclusive, never verified.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

import numpy as np
from scipy import stats

KINDS = ("exact", "numerical", "statistical", "range")


@dataclass(frozen=True)
class Quantity:
    value: float
    lo: float
    hi: float
    kind: str = "numerical"
    note: str = ""
    ok: bool = True
    reason: str = ""
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Quantity.kind must be one of {KINDS}, got {self.kind!r}")
        for name in ("value", "lo", "hi"):
            object.__setattr__(self, name, float(getattr(self, name)))
        if self.ok and not (self.lo <= self.hi):
            if math.isnan(self.lo) or math.isnan(self.hi):
                object.__setattr__(self, "ok", False)
                object.__setattr__(self, "reason", self.reason or "interval bound is NaN")
            else:
                raise ValueError(f"Quantity interval is empty: lo={self.lo} > hi={self.hi}")

    # ---- constructors -------------------------------------------------
    @classmethod
    def exact(cls, value, note: str = "", **meta) -> "Quantity":
        v = float(value)
        return cls(v, v, v, "exact", note, meta=meta)

    @classmethod
    def pm(cls, value, err, note: str = "", kind: str = "numerical", **meta) -> "Quantity":
        """value +- err (err >= 0), e.g. a solver value with its accuracy."""
        err = abs(float(err))
        v = float(value)
        return cls(v, v - err, v + err, kind, note, meta=meta)

    @classmethod
    def interval(cls, lo, hi, value=None, note: str = "", kind: str = "numerical", **meta) -> "Quantity":
        lo, hi = float(lo), float(hi)
        v = 0.5 * (lo + hi) if value is None else float(value)
        return cls(v, lo, hi, kind, note, meta=meta)

    @classmethod
    def range(cls, lo, hi, note: str = "", **meta) -> "Quantity":
        """An allowed range stated by the theory (for the ``Within`` relation)."""
        return cls.interval(lo, hi, note=note, kind="range", **meta)

    @classmethod
    def unsettled(cls, reason: str, value=float("nan"), **meta) -> "Quantity":
        """A quantity that could not be computed reliably; relations on it are undecided."""
        v = float(value)
        return cls(v, v, v, "numerical", "", ok=False, reason=reason, meta=meta)

    @classmethod
    def mean_ci(cls, samples: Iterable[float], confidence: float = 0.95, note: str = "", **meta) -> "Quantity":
        """Student-t confidence interval for the mean of i.i.d. samples (seeds)."""
        x = np.asarray(list(samples), dtype=float)
        if x.size < 2:
            return cls.unsettled("fewer than 2 samples for a confidence interval", x.mean() if x.size else np.nan)
        m = float(x.mean())
        se = float(x.std(ddof=1) / math.sqrt(x.size))
        h = float(stats.t.ppf(0.5 + confidence / 2, x.size - 1)) * se
        return cls(m, m - h, m + h, "statistical",
                   note or f"{confidence:.0%} t-interval over {x.size} samples", meta={**meta, "n": int(x.size)})

    @classmethod
    def bootstrap(cls, estimates: Iterable[float], point=None, confidence: float = 0.95,
                  note: str = "", **meta) -> "Quantity":
        """Percentile bootstrap interval from bootstrap replicates of an estimator."""
        b = np.asarray(list(estimates), dtype=float)
        b = b[np.isfinite(b)]
        if b.size < 20:
            return cls.unsettled(f"only {b.size} finite bootstrap replicates", np.nan if point is None else point)
        a = (1 - confidence) / 2
        lo, hi = np.quantile(b, [a, 1 - a])
        v = float(np.median(b)) if point is None else float(point)
        return cls(v, float(min(lo, v)), float(max(hi, v)), "statistical",
                   note or f"{confidence:.0%} percentile bootstrap, {b.size} replicates",
                   meta={**meta, "replicates": int(b.size)})

    @classmethod
    def count(cls, k: int, n: int, confidence: float = 0.95, note: str = "", **meta) -> "Quantity":
        """k events out of n Bernoulli trials: rate with its exact Clopper-Pearson interval."""
        lo, hi = clopper_pearson(k, n, confidence)
        return cls(k / n if n else float("nan"), lo, hi, "statistical",
                   note or f"{k}/{n}, {confidence:.0%} Clopper-Pearson",
                   meta={**meta, "k": int(k), "n": int(n), "confidence": confidence})

    # ---- arithmetic used by mutants and derived predictions ------------
    def scale(self, c: float) -> "Quantity":
        c = float(c)
        lo, hi = sorted((self.lo * c, self.hi * c))
        return replace(self, value=self.value * c, lo=lo, hi=hi)

    def shift(self, c: float) -> "Quantity":
        c = float(c)
        return replace(self, value=self.value + c, lo=self.lo + c, hi=self.hi + c)

    def map(self, f, increasing: bool = True) -> "Quantity":
        """Apply a monotone function to value and interval."""
        a, b = f(self.lo), f(self.hi)
        lo, hi = (a, b) if increasing else (b, a)
        return replace(self, value=float(f(self.value)), lo=float(lo), hi=float(hi))

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def to_json(self) -> dict:
        from .jsonutil import to_jsonable
        # non-finite values are legal (unsettled NaN, one-sided ranges to +-inf): JSON gets null for NaN
        # and +-1e308 for +-inf (to_jsonable), so the results writer never meets a non-JSON float
        d = {"value": to_jsonable(self.value), "lo": to_jsonable(self.lo), "hi": to_jsonable(self.hi),
             "kind": self.kind}
        if self.note:
            d["note"] = self.note
        if not self.ok:
            d["ok"] = False
            d["reason"] = self.reason
        if self.meta:
            d["meta"] = to_jsonable(self.meta)
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Quantity":
        nan = float("nan")
        v, lo, hi = (nan if d[k] is None else d[k] for k in ("value", "lo", "hi"))
        return cls(v, lo, hi, d.get("kind", "numerical"), d.get("note", ""),
                   d.get("ok", True), d.get("reason", ""), d.get("meta", {}))


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact two-sided Clopper-Pearson interval for a binomial proportion."""
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    a = 1 - confidence
    lo = 0.0 if k == 0 else float(stats.beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def as_quantity(x: Any, what: str) -> Quantity:
    if isinstance(x, Quantity):
        return x
    raise TypeError(
        f"{what} must return a Quantity (use Quantity.exact(v) for a value with no "
        f"uncertainty, Quantity.pm(v, err) otherwise), got {type(x).__name__}")
