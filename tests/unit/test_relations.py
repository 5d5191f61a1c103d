"""Relations on edge cases: three-valued logic on intervals."""
import math

import pytest
from hypothesis import given, strategies as st

from claims.core import (AtLeast, AtMost, CIContains, Equal, Ordering, Quantity, RateBelow, RateEquals, Status,
                         StrictlyGreater, Within, clopper_pearson)

H, F, U = Status.HOLDS, Status.FAILS, Status.UNDECIDED
X = Quantity.exact


def iv(lo, hi):
    return Quantity.interval(lo, hi)


@pytest.mark.parametrize("m,p,expected", [
    (X(1), X(2), H), (X(2), X(1), F), (X(1), X(1), H),          # exact ties hold for <=
    (iv(0.9, 1.1), X(1.05), U),                                   # straddles the bound
    (iv(0.0, 0.5), iv(0.6, 1.0), H), (iv(0.6, 1.0), iv(0.0, 0.5), F),
])
def test_at_most(m, p, expected):
    assert AtMost().evaluate(m, p).status is expected


def test_at_least_mirrors_at_most():
    assert AtLeast().evaluate(X(2), X(1)).status is H
    assert AtLeast().evaluate(iv(0.9, 1.1), X(1.0)).status is U
    assert AtLeast(slack=0.5).evaluate(X(0.6), X(1.0)).status is H


@pytest.mark.parametrize("m,p,atol,expected", [
    (X(1.0), X(1.0), 0.0, H), (X(1.0), X(1.0 + 1e-12), 1e-9, H), (X(1.0), X(1.1), 1e-9, F),
    (iv(0.99, 1.01), X(1.0), 0.005, U),     # part of the interval is within tol, part is not
    (iv(0.999, 1.001), X(1.0), 0.005, H),
])
def test_equal(m, p, atol, expected):
    assert Equal(atol=atol).evaluate(m, p).status is expected


def test_equal_rtol_scales_with_prediction():
    assert Equal(rtol=1e-6).evaluate(X(1e6 + 0.5), X(1e6)).status is H
    assert Equal(rtol=1e-6).evaluate(X(1e6 + 2), X(1e6)).status is F


def test_unsettled_quantity_is_undecided_never_holds():
    bad = Quantity.unsettled("solver status 'optimal_inaccurate'", value=1.0)
    for rel in (AtMost(), AtLeast(), Equal(atol=1e9), Within(), CIContains()):
        out = rel.evaluate(bad, X(1.0))
        assert out.status is U and "optimal_inaccurate" in out.detail
        assert rel.evaluate(X(1.0), bad).status is U


def test_nan_is_undecided():
    assert AtMost().evaluate(X(float("nan")), X(1)).status is U


def test_strictly_greater_needs_gap_beyond_both_uncertainties():
    assert StrictlyGreater().evaluate(iv(1.1, 1.2), iv(0.9, 1.0)).status is H
    assert StrictlyGreater().evaluate(iv(0.95, 1.2), iv(0.9, 1.0)).status is U
    assert StrictlyGreater().evaluate(iv(0.5, 0.6), iv(0.9, 1.0)).status is F
    assert StrictlyGreater(gap=0.2).evaluate(iv(1.1, 1.2), iv(0.9, 1.0)).status is U   # diff in [0.1, 0.3]
    assert StrictlyGreater(gap=0.35).evaluate(iv(1.1, 1.2), iv(0.9, 1.0)).status is F


def test_within_range():
    r = Quantity.range(1 / math.sqrt(2), 1.0)
    assert Within().evaluate(X(0.8), r).status is H
    assert Within().evaluate(X(0.5), r).status is F
    assert Within().evaluate(iv(0.65, 0.75), r).status is U


def test_ci_contains():
    ci = Quantity.interval(0.9, 1.1, kind="statistical")
    assert CIContains().evaluate(ci, X(1.0)).status is H
    assert CIContains().evaluate(ci, X(1.2)).status is F
    assert CIContains(tol=0.15).evaluate(ci, X(1.2)).status is H


def test_ordering_ops():
    assert Ordering("<=").evaluate(X(1), X(1)).status is H
    assert Ordering("<").evaluate(X(1), X(1)).status is F
    assert Ordering(">=").evaluate(X(2), X(1)).status is H
    assert Ordering(">").evaluate(X(1), X(2)).status is F
    with pytest.raises(ValueError):
        Ordering("!=").evaluate(X(1), X(2))


def test_clopper_pearson_known_values():
    # 0 failures in n trials at 95%: upper limit 1 - 0.025^(1/n) (exact)
    lo, hi = clopper_pearson(0, 50, 0.95)
    assert lo == 0.0 and hi == pytest.approx(1 - 0.025 ** (1 / 50), rel=1e-12)
    lo, hi = clopper_pearson(50, 50, 0.95)
    assert hi == 1.0 and lo == pytest.approx(0.025 ** (1 / 50), rel=1e-12)
    with pytest.raises(ValueError):
        clopper_pearson(3, 2)


def test_rate_below_three_valued():
    delta = X(0.05)
    assert RateBelow(0.95).evaluate(Quantity.count(0, 200), delta).status is H     # CP upper 0.018
    assert RateBelow(0.95).evaluate(Quantity.count(40, 200), delta).status is F    # CP lower 0.147
    assert RateBelow(0.95).evaluate(Quantity.count(10, 200), delta).status is U    # 0.05 inside CI
    assert RateBelow().evaluate(X(0.01), delta).status is H                         # exact probability


def test_rate_equals_coverage():
    nominal = X(0.95)
    assert RateEquals(0.99).evaluate(Quantity.count(190, 200), nominal).status is H
    assert RateEquals(0.99).evaluate(Quantity.count(150, 200), nominal).status is F


def test_rate_relations_reject_plain_intervals():
    with pytest.raises(ValueError):
        RateBelow().evaluate(Quantity.pm(0.1, 0.01), X(0.05))


@given(st.floats(-1e6, 1e6), st.floats(0, 1e3), st.floats(-1e6, 1e6), st.floats(0, 1e3))
def test_at_most_is_consistent_with_point_values(a, ea, b, eb):
    """HOLDS implies every pair satisfies m <= p; FAILS implies none does."""
    m, p = Quantity.pm(a, ea), Quantity.pm(b, eb)
    out = AtMost().evaluate(m, p)
    if out.status is H:
        assert m.hi <= p.lo
    elif out.status is F:
        assert m.lo > p.hi
    else:
        assert m.hi > p.lo and m.lo <= p.hi


def test_quantity_rejects_empty_interval_and_bare_floats():
    from claims.core.quantity import as_quantity
    with pytest.raises(ValueError):
        Quantity(1.0, 2.0, 1.0)
    with pytest.raises(TypeError, match="must return a Quantity"):
        as_quantity(1.0, "predict")


def test_quantity_helpers():
    q = Quantity.pm(2.0, 0.5).scale(-2)
    assert (q.lo, q.value, q.hi) == (-5.0, -4.0, -3.0)
    b = Quantity.bootstrap([1.0] * 10)
    assert not b.ok                                       # too few replicates: unsettled, not a CI
    m = Quantity.mean_ci([1.0, 2.0, 3.0])
    assert m.lo < 2.0 < m.hi and m.kind == "statistical"
