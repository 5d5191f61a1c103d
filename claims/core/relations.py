"""Three-valued relations between a measured and a predicted Quantity.

Every relation reads ``measured REL predicted`` and returns an Outcome:

* HOLDS     when the relation is satisfied for *every* pair of values in the two
            uncertainty intervals;
* FAILS     when it is violated for every such pair;
* UNDECIDED otherwise, or when either quantity is unsettled (solver not optimal).

``margin`` is signed: positive by how much the relation holds in the worst case,
negative by how much it fails in the best case, in the units of the quantities.
``scaled_margin`` divides by a natural scale so that margins of different claims
are comparable (the report's "tightest margin", hypothesis' ``target()``).

Each tolerance a relation takes comes with ``why``: the justification (solver
accuracy, float precision, confidence level) that the report prints beside it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from .quantity import Quantity, clopper_pearson


class Status(str, Enum):
    HOLDS = "holds"
    FAILS = "fails"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Outcome:
    status: Status
    margin: float
    scaled_margin: float
    detail: str = ""

    def to_json(self) -> dict:
        from .jsonutil import to_jsonable     # NaN -> null, +-inf -> +-1e308, as for every value in the results
        return {"status": self.status.value, "margin": to_jsonable(self.margin),
                "scaled_margin": to_jsonable(self.scaled_margin), "detail": self.detail}


def _scale(*qs: Quantity) -> float:
    s = max((abs(v) for q in qs for v in (q.value, q.lo, q.hi) if math.isfinite(v)), default=0.0)
    return s if s > 0 else 1.0


def _three(worst: float, best: float, scale: float, detail: str) -> Outcome:
    """worst: margin in the least favourable configuration; best: in the most favourable."""
    if worst >= 0:
        return Outcome(Status.HOLDS, worst, worst / scale, detail)
    if best < 0:
        return Outcome(Status.FAILS, best, best / scale, detail)
    return Outcome(Status.UNDECIDED, worst, worst / scale, detail)


class Relation:
    """Base class. Subclasses implement ``_evaluate`` on settled quantities."""
    why: str = ""

    def evaluate(self, measured: Quantity, predicted: Quantity) -> Outcome:
        for role, q in (("measured", measured), ("predicted", predicted)):
            if not q.ok:
                return Outcome(Status.UNDECIDED, float("nan"), float("nan"), f"{role} unsettled: {q.reason}")
            if any(math.isnan(v) for v in (q.value, q.lo, q.hi)):
                return Outcome(Status.UNDECIDED, float("nan"), float("nan"), f"{role} is NaN")
        return self._evaluate(measured, predicted)

    def _evaluate(self, m: Quantity, p: Quantity) -> Outcome:  # pragma: no cover
        raise NotImplementedError

    def describe(self) -> str:
        return type(self).__name__

    def to_json(self) -> dict:
        return {"type": type(self).__name__, "describe": self.describe(), "why": self.why}


@dataclass(frozen=True)
class Equal(Relation):
    """|measured - predicted| <= atol + rtol*|predicted| for every pair in the intervals."""
    atol: float = 0.0
    rtol: float = 0.0
    why: str = ""

    def _evaluate(self, m, p):
        tol = self.atol + self.rtol * max(abs(p.lo), abs(p.hi))
        far = max(abs(m.hi - p.lo), abs(p.hi - m.lo))              # largest possible distance
        near = max(0.0, m.lo - p.hi, p.lo - m.hi)                 # smallest possible distance
        scale = max(tol, 1e-300) if tol > 0 else _scale(m, p)
        return _three(tol - far, tol - near, scale,
                      f"|meas-pred| in [{near:.3g}, {far:.3g}], tol {tol:.3g}")

    def describe(self):
        parts = [f"atol={self.atol:g}"] if self.atol else []
        parts += [f"rtol={self.rtol:g}"] if self.rtol else []
        return "measured == predicted" + (f" ({', '.join(parts)})" if parts else " (exactly)")


@dataclass(frozen=True)
class AtMost(Relation):
    """measured <= predicted + slack (an upper bound holds)."""
    slack: float = 0.0
    why: str = ""

    def _evaluate(self, m, p):
        return _three(p.lo + self.slack - m.hi, p.hi + self.slack - m.lo, _scale(m, p),
                      f"measured [{m.lo:.6g}, {m.hi:.6g}] vs bound [{p.lo:.6g}, {p.hi:.6g}]")

    def describe(self):
        return "measured <= predicted" + (f" + {self.slack:g}" if self.slack else "")


@dataclass(frozen=True)
class AtLeast(Relation):
    """measured >= predicted - slack (a lower bound holds)."""
    slack: float = 0.0
    why: str = ""

    def _evaluate(self, m, p):
        return _three(m.lo - (p.hi - self.slack), m.hi - (p.lo - self.slack), _scale(m, p),
                      f"measured [{m.lo:.6g}, {m.hi:.6g}] vs bound [{p.lo:.6g}, {p.hi:.6g}]")

    def describe(self):
        return "measured >= predicted" + (f" - {self.slack:g}" if self.slack else "")


UpperBound = AtMost
LowerBound = AtLeast


@dataclass(frozen=True)
class StrictlyGreater(Relation):
    """measured > predicted by more than both uncertainties and ``gap`` (e.g. a non-zero duality gap)."""
    gap: float = 0.0
    why: str = ""

    def _evaluate(self, m, p):
        return _three(m.lo - p.hi - self.gap, m.hi - p.lo - self.gap, _scale(m, p),
                      f"difference in [{m.lo - p.hi:.6g}, {m.hi - p.lo:.6g}], needs > {self.gap:g}")

    def describe(self):
        return "measured > predicted" + (f" + {self.gap:g}" if self.gap else "")


@dataclass(frozen=True)
class Within(Relation):
    """measured lies inside the predicted range [predicted.lo, predicted.hi]."""
    why: str = ""

    def _evaluate(self, m, p):
        worst = min(m.lo - p.lo, p.hi - m.hi)
        best = min(m.hi - p.lo, p.hi - m.lo)
        return _three(worst, best, _scale(m, p), f"measured [{m.lo:.6g}, {m.hi:.6g}] in range [{p.lo:.6g}, {p.hi:.6g}]")

    def describe(self):
        return "predicted.lo <= measured <= predicted.hi"


@dataclass(frozen=True)
class CIContains(Relation):
    """The measured confidence interval (e.g. a bootstrap CI of a fitted exponent)
    contains the predicted value; a predicted value outside the CI refutes at the
    CI's confidence level.  Optional ``tol`` widens the CI by a finite-size bias
    measured elsewhere (state it in ``why``)."""
    tol: float = 0.0
    why: str = ""

    def _evaluate(self, m, p):
        lo, hi = m.lo - self.tol, m.hi + self.tol
        worst = min(p.lo - lo, hi - p.hi)
        best = min(p.hi - lo, hi - p.lo)
        return _three(worst, best, max(m.width, 1e-300) if m.width > 0 else _scale(m, p),
                      f"predicted [{p.lo:.6g}, {p.hi:.6g}] vs CI [{lo:.6g}, {hi:.6g}]")

    def describe(self):
        return "predicted in CI(measured)" + (f" +- {self.tol:g}" if self.tol else "")


@dataclass(frozen=True)
class RateBelow(Relation):
    """A failure rate measured as k events in n trials is at most the predicted delta:
    holds if the exact Clopper-Pearson upper limit is <= delta, fails if the lower
    limit exceeds delta.  The measured quantity must come from ``Quantity.count``
    (or be an exact rate, e.g. computed from binomial tails)."""
    confidence: float = 0.99
    why: str = ""

    def _evaluate(self, m, p):
        lo, hi = _rate_interval(m, self.confidence)
        return _three(p.lo - hi, p.hi - lo, max(p.value, 1e-300),
                      f"rate CI [{lo:.4g}, {hi:.4g}] ({self.confidence:.0%}) vs delta {p.value:.4g}")

    def describe(self):
        return f"failure rate <= delta (exact Clopper-Pearson, {self.confidence:.0%})"


@dataclass(frozen=True)
class RateEquals(Relation):
    """A rate measured as k/n is consistent with the predicted rate (e.g. 95% coverage):
    holds if the Clopper-Pearson interval contains it, fails if it excludes it.  The
    interval is the test, so this relation is two-valued by construction."""
    confidence: float = 0.99
    why: str = ""

    def _evaluate(self, m, p):
        lo, hi = _rate_interval(m, self.confidence)
        worst = min(p.lo - lo, hi - p.hi)
        best = min(p.hi - lo, hi - p.lo)
        return _three(worst, best, max(hi - lo, 1e-300), f"rate CI [{lo:.4g}, {hi:.4g}] ({self.confidence:.0%}) vs {p.value:.4g}")

    def describe(self):
        return f"rate == predicted (exact Clopper-Pearson, {self.confidence:.0%})"


def _rate_interval(m: Quantity, confidence: float):
    if "k" in m.meta and "n" in m.meta:
        return clopper_pearson(int(m.meta["k"]), int(m.meta["n"]), confidence)
    if m.kind == "exact":
        return m.lo, m.hi
    raise ValueError("rate relations need Quantity.count(k, n) or an exact rate")


@dataclass(frozen=True)
class Ordering(Relation):
    """Ordering of two quantities: measured OP predicted, OP in <, <=, >, >=.
    Intervals are compared as in AtMost / AtLeast / StrictlyGreater."""
    op: str = "<="
    why: str = ""

    def _evaluate(self, m, p):
        if self.op in ("<=", "<"):
            lhs, rhs = m, p
        elif self.op in (">=", ">"):
            lhs, rhs = p, m
        else:
            raise ValueError(f"Ordering op must be one of <, <=, >, >=, got {self.op!r}")
        worst, best = rhs.lo - lhs.hi, rhs.hi - lhs.lo      # margins of lhs <= rhs
        detail = f"measured [{m.lo:.6g}, {m.hi:.6g}] {self.op} [{p.lo:.6g}, {p.hi:.6g}]"
        if self.op in ("<", ">") and (worst == 0 or best == 0):
            # a tie at an interval end: strictness cannot be settled there
            status = Status.FAILS if best <= 0 else Status.UNDECIDED
            return Outcome(status, worst, worst / _scale(m, p), detail)
        return _three(worst, best, _scale(m, p), detail)

    def describe(self):
        return f"measured {self.op} predicted"
