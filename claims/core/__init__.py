"""The harness core: everything a claim module imports.

    from claims.core import Claim, Source, Constant, Mutant, Quantity, Plot, st
    from claims.core import Equal, AtMost, AtLeast, StrictlyGreater, Within, CIContains, RateBelow, RateEquals, Ordering
"""
from hypothesis import strategies as st

from .model import TAGS, TIERS, Claim, Constant, Context, Mutant, Plot, Source
from .quantity import Quantity, clopper_pearson
from .relations import (AtLeast, AtMost, CIContains, Equal, LowerBound, Ordering, Outcome, RateBelow, RateEquals,
                        Relation, Status, StrictlyGreater, UpperBound, Within)



def require_optimal(status: str, solver: str, reason_prefix: str = "") -> str | None:
    """Return a reason string if a solver status is not plain 'optimal' (then the
    measurement must be ``Quantity.unsettled(reason)``), else None."""
    if status == "optimal":
        return None
    return f"{reason_prefix}{solver} status {status!r} (not optimal): inconclusive, never verified"


__all__ = ["st", "Claim", "Constant", "Context", "Mutant", "Plot", "Source", "Quantity", "clopper_pearson",
           "AtLeast", "AtMost", "CIContains", "Equal", "LowerBound", "Ordering", "Outcome", "RateBelow",
           "RateEquals", "Relation", "Status", "StrictlyGreater", "UpperBound", "Within", "TAGS", "TIERS",
           "require_optimal"]
