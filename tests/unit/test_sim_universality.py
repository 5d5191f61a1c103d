"""Unit tests of simulators/universality: exact PL machinery, constructions, certified bounds."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from scipy.optimize import isotonic_regression

from simulators.universality import bounds
from simulators.universality import constructions as C
from simulators.universality.experiments import HAT, exact_errors_1d, max_principle_gap, random_mlp
from simulators.universality.memorise import Memoriser, dataset
from simulators.universality.optimise import _shapes, loss_grad
from simulators.universality.pl import MLP, breakpoints_1d, pl_errors, simplify_knots


def test_breakpoints_of_clip():
    # relu(x) - relu(x - 1) = clip(x, 0, 1): knots -1, 0, 1, 2 (after merging straight pieces)
    net = MLP([([[F(1)], [F(1)]], [F(0), F(-1)]), ([[F(1), F(-1)]], [F(0)])])
    kn, vals = simplify_knots(*breakpoints_1d(net, F(-1), F(2)))
    assert kn == [F(-1), F(0), F(1), F(2)]
    assert [v[0] for v in vals] == [0, 0, 1, 1]


def test_pl_errors_closed_forms():
    zero = ([F(0), F(1)], [[F(0)], [F(0)]])
    e = pl_errors(*zero, *HAT)
    assert e["sup"] == 1 and e["L1"] == F(1, 2) and e["L2sq"] == F(1, 3)
    # sign change inside a segment: |x - 1/2| on [0,1] has L1 = 1/4
    a = ([F(0), F(1)], [[F(-1, 2)], [F(1, 2)]])
    assert pl_errors(*a, *zero)["L1"] == F(1, 4)


def test_breakpoints_match_float_evaluation():
    rng = np.random.default_rng(0)
    for _ in range(20):
        net = random_mlp(rng, 1, 3, 4, 2, scale=2.0)
        kn, vals = breakpoints_1d(net.to_fraction(), F(-2), F(2))
        xs = np.linspace(-2, 2, 101)
        y = net.float(xs[:, None])
        yi = np.stack([np.interp(xs, [float(t) for t in kn], [float(v[i]) for v in vals]) for i in range(2)], 1)
        assert np.allclose(y, yi, atol=1e-9)


def test_pyramid_and_bowtie_exact():
    net = C.pyramid_width3()
    assert net.widths == [3, 3, 3, 3, 1]
    for a in range(-8, 9):
        for b in range(-8, 9):
            x = (F(a, 8), F(b, 8))
            assert net.exact(x)[0] == C.pyramid_target(x)
    bw = C.bowtie_width3()
    kn, vals = breakpoints_1d(bw, F(0), F(1))
    assert pl_errors(kn, vals, *C.bowtie_target(), norm="linf")["sup"] == 0 and bw.width == 3


def test_width1_ramp_form_brute_force():
    rng = np.random.default_rng(1)
    for _ in range(200):
        net = random_mlp(rng, 1, 1, int(rng.integers(1, 30)), 1, scale=float(rng.choice([0.3, 1, 3])))
        kn, vals = simplify_knots(*breakpoints_1d(net.to_fraction(), F(-2 ** 20), F(2 ** 20)))
        assert len(kn) - 2 <= 2
        if len(kn) == 4:
            assert vals[0] == vals[1] and vals[2] == vals[3]


def test_maximum_principle_and_its_negative_control():
    rng = np.random.default_rng(2)
    box = ((-1.0, 1.0), (-1.0, 1.0))
    for _ in range(15):
        D, _ = max_principle_gap(random_mlp(rng, 2, 2, int(rng.integers(1, 8)), 1, scale=3.0), box, n_int=41)
        assert D <= 1e-9
    pyr = C.pyramid_width3()
    pyr = MLP([([[float(v) for v in r] for r in W], [float(v) for v in b]) for W, b in pyr.layers])
    D, _ = max_principle_gap(pyr, box, n_int=41)
    assert D == pytest.approx(1.0)


def test_certified_bounds_values():
    assert bounds.pyramid_sup_bound() == F(1, 2)
    v, a = bounds.hat_width1_l2_bound()
    assert float(v) == pytest.approx(math.sqrt(1 - 2 * math.sqrt(2) / 3), abs=1e-14)
    assert float(a) == pytest.approx(1 - 1 / math.sqrt(2))
    assert bounds.hat_width1_l1_bound() == F(1, 6)
    assert float(bounds.bowtie_bound("l2")) == pytest.approx(math.sqrt(2) / 2)
    assert bounds.bowtie_bound("linf") == F(1, 2)
    n = 20000
    x = (np.arange(n) + .5) / n
    y = 1 - np.abs(2 * x - 1)
    assert math.sqrt(np.mean((isotonic_regression(y).x - y) ** 2)) == pytest.approx(float(v), abs=1e-4)


def test_flat_ramp_flat_attains_l2_bound():
    # alpha + beta clip(x, 0, a) with ramp 2x up to a = 1 - 1/sqrt2 (rational approximation)
    a = F(2929, 10000)
    net = MLP([([[F(1)], [F(1)]], [F(0), -a]), ([[F(2), F(-2)]], [F(0)])])
    e = exact_errors_1d(net)
    assert math.sqrt(float(e["L2sq"])) == pytest.approx(float(bounds.hat_width1_l2_bound()[0]), abs=1e-6)


def test_rnn_witnesses():
    assert [y[0] for y in C.time_counter().exact([[0]] * 4)] == [1, 2, 3, 4]
    br = C.brnn_future_input()
    assert [y[0] for y in br.exact([[F(1, 3)], [F(2, 7)], [F(5, 9)]])] == [F(2, 7), F(5, 9), 0]
    spec = {"c": [F(1, 2)], "a": [[F(1)], [F(-2)]], "w": [[F(1), F(2)], [F(1, 2), F(0)]], "lam": [F(1, 2), F(0)],
            "b": [F(-1), F(1, 3)]}
    r = C.ridge_rnn(spec, 2)
    X = [[F(1, 3), F(1, 2)], [F(2, 3), F(1)], [F(0), F(1, 5)]]
    assert r.exact(X) == C.ridge_target(X, spec) and r.width == 4


def test_lp_witness_exact_in_cells():
    val = lambda toks: F(sum(j1 + 3 * j2 for j1, j2 in toks), len(toks))
    W = C.LpWitness(1, 2, F(1, 64), val)
    assert W.width == 3
    for cells in ([(0, 1), (1, 0)], [(1, 1), (0, 0)]):
        X = [[F(j1, 2) + F(1, 8), F(j2, 2) + F(1, 8)] for j1, j2 in cells]
        y = W.rnn.exact(X)
        assert [y[0][0], y[1][0]] == [val(cells[:1]), val(cells)]


def test_memoriser_exact():
    xs, ys = dataset(25, 3)
    M = Memoriser(xs, ys)
    assert M.net.width == 7
    assert all(M.net.exact([x])[0] == y for x, y in zip(xs, ys))


def test_loss_gradient_matches_finite_differences():
    rng = np.random.default_rng(4)
    shapes = _shapes(2, 2, 3, 1)
    th = rng.normal(size=sum(o * i + o for o, i in shapes))
    X, Y = rng.random((30, 2)), rng.random((30, 1))
    L, g = loss_grad(th, shapes, X, Y, "tanh", 2)
    h = 1e-6
    for k in range(0, len(th), 3):
        e = np.zeros_like(th); e[k] = h
        fd = (loss_grad(th + e, shapes, X, Y, "tanh", 2)[0] - loss_grad(th - e, shapes, X, Y, "tanh", 2)[0]) / (2 * h)
        assert fd == pytest.approx(g[k], abs=1e-7)


def test_tent_map_counts():
    from claims.universality.stargalla2025 import count_pieces, tent_power
    for r in range(1, 7):
        assert count_pieces(tent_power(r))[1] == 2 ** r
    assert tent_power(5).width == 2


def test_certified_lp_min_width_compact():
    # rank (d_y), kernel (d_x), and width 1 fails at d_x = 1 (ramp form); never Park's d_x + 1 on R^{d_x}
    assert max(bounds.certified_min_width_lp(1, 1).values()) == 2
    assert max(bounds.certified_min_width_lp(2, 1).values()) == 2      # < max{d_x + 1, d_y} = 3 (M8)
    assert max(bounds.certified_min_width_lp(1, 3).values()) == 3
    assert max(bounds.certified_min_width_lp(3, 2).values()) == 3
    # the L^p certificates never exceed the uniform ones (uniform approximation is harder)
    for dx in range(1, 5):
        for dy in range(1, 5):
            assert max(bounds.certified_min_width_lp(dx, dy).values()) <= max(bounds.certified_min_width(dx, dy).values())
