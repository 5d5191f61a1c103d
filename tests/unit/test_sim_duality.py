"""Unit tests of simulators/duality against closed forms and brute force on tiny cases."""
import mpmath as mp
import numpy as np
import pytest

from simulators.duality import (decoupled_optimum, min_norm_factorisation, min_normalised_factorisation,
                                nuclear, nuclear_dual, nuclear_primal, parallel_min_power, scalar_argmin,
                                scalar_threshold_bisect, schatten, spectral, svals, weight_decay_fit)
from simulators.duality import symbolic
from simulators.duality.factorised import _chain_grads, _objective, _shapes


def test_norms_on_diagonal():
    W = np.diag([3.0, 1.0, 0.0])
    assert nuclear(W) == pytest.approx(4.0)
    assert spectral(W) == pytest.approx(3.0)
    assert schatten(W, 2 / 3) == pytest.approx((3 ** (2 / 3) + 1) ** 1.5)
    assert schatten(np.diag([2.0, 1e-17]), 0.5) == pytest.approx(2.0, rel=1e-14)   # numerical zero ignored


def test_gradients_match_finite_differences():
    from scipy.optimize import approx_fprime
    rng = np.random.default_rng(0)
    sh = _shapes(2, 2, 3, 2)
    X, Y = np.eye(2), rng.standard_normal((2, 2))
    th = rng.standard_normal(2 * sum(a * b for a, b in sh))
    for normalised, reg, mu in [(False, "l2", 10.0), (False, "power", 10.0), (False, "l2", None)]:
        f = lambda t: _objective(t, sh, 2, X, Y, 3, reg, mu, 0.7, normalised)[0]
        g = _objective(th, sh, 2, X, Y, 3, reg, mu, 0.7, normalised)[1]
        assert np.max(np.abs(g - approx_fprime(th, f, 1e-7))) < 1e-4


def test_min_norm_factorisation_identity_bracket():
    r = min_norm_factorisation(np.eye(2), 3, restarts=3, rng=np.random.default_rng(1))
    assert r["penalised"] <= 3.0 <= r["restored"] + 1e-12           # (L/2) * 2 = 3
    assert r["restored"] - r["penalised"] < 1e-3


def test_normalised_factorisation_is_schatten():
    r = min_normalised_factorisation(np.eye(2), 3, restarts=3, rng=np.random.default_rng(2))
    assert r["restored"] == pytest.approx(2 ** 1.5, rel=1e-9)


def test_parallel_two_rank_one_branches_reach_nuclear_norm():
    r = parallel_min_power(np.eye(2), 3, 2, 1, restarts=3, rng=np.random.default_rng(3))
    assert r["penalised"] <= 2.0 <= r["restored"] + 1e-12
    assert r["restored"] < 2.0 + 1e-6


def test_nuclear_primal_dual_agree_with_closed_form():
    Y = np.array([[2.0, 1.0], [0.0, 1.0]])
    pr, du = nuclear_primal(np.eye(2), Y), nuclear_dual(np.eye(2), Y)
    assert pr["status"] == du["status"] == "optimal"
    assert pr["value"] == pytest.approx(nuclear(Y), abs=1e-8)
    assert du["feasible_value"] == pytest.approx(nuclear(Y), abs=1e-8)
    assert du["feasible_value"] <= nuclear(Y) + 1e-12              # rigorously dual feasible


def test_scalar_problem_L2_is_soft_threshold():
    for sigma in (0.1, 0.3, 1.7):
        s, _ = scalar_argmin(sigma, 2, 0.3)
        assert float(s) == pytest.approx(max(sigma - 0.3, 0.0), abs=1e-20)


def test_scalar_problem_matches_brute_force_grid():
    sigma, beta = 1.3, 0.2
    grid = np.linspace(0, 2, 200001)
    phi = 0.5 * (grid - sigma) ** 2 + 1.5 * beta * grid ** (2 / 3)
    s, v = scalar_argmin(sigma, 3, beta)
    assert float(v) == pytest.approx(phi.min(), abs=1e-9)
    assert float(s) == pytest.approx(grid[phi.argmin()], abs=1e-4)


def test_threshold_bisection_L3():
    lo, hi = scalar_threshold_bisect(3, 0.3, iters=60)
    assert float(hi - lo) < 1e-15
    assert float(lo) == pytest.approx(2 * 0.3 ** 0.75, abs=1e-12)


def test_weight_decay_fit_diag():
    r = weight_decay_fit(np.diag([2.0, 1.0]), 3, 0.3, restarts=6, rng=np.random.default_rng(4))
    v, s = decoupled_optimum([2.0, 1.0], 3, 0.3)
    assert r["best"] == pytest.approx(float(v), abs=1e-9)
    assert np.allclose(r["product_svals"], [float(x) for x in s], atol=1e-5)


def test_symbolic_steps_and_a_wrong_one():
    for step in symbolic.STEPS:
        assert symbolic.residual(step, 3)["value"] == 0.0
    assert symbolic.residual("amgm_sos_wrong", 3)["value"] != 0.0
    assert symbolic.residual("weight_decay_nuclear", 3)["value"] != 0.0
    assert symbolic.residual("weight_decay_nuclear", 2)["value"] == 0.0


def test_relu3_rank_one_reduction():
    from simulators.duality import relu3
    a = np.array([1.0, 0.5])
    same = relu3.dual_value([1.0, -1.0], a, [1.0, 1.0], 0.1)
    assert same["dual_status"] == same["lasso_status"] == "optimal"
    assert same["dual"] == pytest.approx(same["lasso"], abs=1e-8)
    # same signs: the reduced primal equals the lasso; opposite signs: strictly above it
    assert relu3.reduced_primal([1.0, -1.0], a, [1.0, 1.0], 0.1) == pytest.approx(same["lasso"], abs=1e-9)
    # closed form for c = (1,-1), y = (1,-1), ||a|| = sqrt(1.25): t = 1 - sqrt(2) beta/||a|| and
    # P = (1-t)^2 + 2 sqrt(2) beta t / ||a||
    b = 0.1 / np.linalg.norm(a)
    t = 1 - np.sqrt(2) * b
    assert relu3.reduced_primal([1.0, -1.0], a, [1.0, -1.0], 0.1) == pytest.approx((1 - t) ** 2 + 2 * np.sqrt(2) * b * t,
                                                                                 abs=1e-9)
    net = relu3.primal_multistart(np.outer([1.0, -1.0], a), np.array([1.0, -1.0]), 0.1, restarts=4)
    assert net["best"] == pytest.approx((1 - t) ** 2 + 2 * np.sqrt(2) * b * t, abs=1e-7)


def test_normalised_objective_gradient_matches_finite_differences():
    from scipy.optimize import approx_fprime
    rng = np.random.default_rng(5)
    sh = _shapes(2, 2, 3, 2)
    X, Y = np.eye(2), rng.standard_normal((2, 2))
    th = rng.standard_normal(sum(a * b for a, b in sh))
    f = lambda t: _objective(t, sh, 1, X, Y, 3, "l2", 10.0, 1.0, True)[0]
    g = _objective(th, sh, 1, X, Y, 3, "l2", 10.0, 1.0, True)[1]
    assert np.max(np.abs(g - approx_fprime(th, f, 1e-7))) < 1e-4


def test_relu3_network_gradient_and_output():
    from scipy.optimize import approx_fprime
    from simulators.duality import relu3
    rng = np.random.default_rng(6)
    X, y = np.outer([1.0, -0.5, 2.0], [1.0, 0.3]), np.array([0.5, -1.0, 1.5])
    th = rng.standard_normal(2 * 4 + 4 * 4 + 4)
    f = lambda t: relu3.network_objective(t, X, y, 4, 4, 0.2)[0]
    val, g = relu3.network_objective(th, X, y, 4, 4, 0.2)
    assert np.max(np.abs(g - approx_fprime(th, f, 1e-7))) < 1e-4
    out = relu3.network_output(th, X)                      # objective = data fit + weight decay of layers 2, 3
    assert val == pytest.approx(0.5 * np.sum((out - y) ** 2) + 0.1 * np.sum(th[8:] ** 2), rel=1e-12)


def test_relu3_dual_certificate_is_a_lower_bound_and_tight_at_the_optimum():
    from simulators.duality import relu3
    a, c, beta = np.array([1.0, 0.5]), [1.0, -1.0], 0.1
    for y in ([1.0, 1.0], [1.0, -1.0]):
        D = relu3.dual_value(c, a, y, beta)["dual"]
        rng = np.random.default_rng(7)
        for _ in range(20):                                 # any lam: certificate <= D (weak duality)
            assert relu3.dual_certificate(rng.standard_normal(2) * 3, c, a, y, beta)["value"] <= D + 1e-9
        net = relu3.primal_multistart(np.outer(c, a), np.array(y), beta, restarts=4)
        cert = relu3.dual_certificate(np.array(y) - net["output"], c, a, y, beta)["value"]
        assert cert <= D + 1e-9 <= net["best"] + 2e-9
    assert net["best"] - cert > 0.06                        # opposite signs (last y): P ~ 0.2370 > D ~ 0.1709
    # same signs: strong duality, the network's own certificate closes the bracket
    same = relu3.primal_multistart(np.outer(c, a), np.array([1.0, 1.0]), beta, restarts=4)
    cs = relu3.dual_certificate(np.array([1.0, 1.0]) - same["output"], c, a, [1.0, 1.0], beta)["value"]
    assert same["best"] - cs < 1e-7


def test_relu3_dual_constraint_sup_matches_closed_form():
    from simulators.duality import relu3
    lam, c, a = np.array([0.7, -1.3, 0.4]), [1.0, -2.0, 0.5], np.array([1.0, -0.5])
    cp_, cm = relu3.rank_one_parts(c)
    closed = np.linalg.norm(a) * max(abs(lam @ cp_), abs(lam @ cm))
    r = relu3.dual_constraint_sup_grid(lam, c, a, rng=np.random.default_rng(8))
    assert r["grid"] == pytest.approx(closed, rel=1e-12)   # grid contains the maximising vertex
    assert r["random"] <= closed + 1e-12 and r["random"] > 0.9 * closed


def test_relu3_sum_constraint_dual_is_smaller():
    from simulators.duality import relu3
    a = np.array([1.0, 0.5])
    mx, sm = (relu3.dual_value([1.0, -1.0], a, [1.0, 1.0], 0.1, constraint=k) for k in ("max", "sum"))
    assert mx["dual_status"] == sm["dual_status"] == sm["lasso_status"] == "optimal"
    assert sm["dual"] == pytest.approx(sm["lasso"], abs=1e-8)  # its own primal (l_inf-penalised lasso)
    b = 0.1 / np.linalg.norm(a) / 2                         # lam = (b, b): value 2b - b^2
    assert sm["dual"] == pytest.approx(2 * b - b * b, abs=1e-8) and sm["dual"] < mx["dual"] - 0.05
