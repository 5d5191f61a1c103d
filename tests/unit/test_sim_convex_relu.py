"""Unit tests of simulators/convex_relu against closed forms and brute force on tiny cases."""
import itertools
import math

import cvxpy as cp
import numpy as np

from simulators.convex_relu import (Blocks, admm, bracket, cone_max, cover_count, enumerate_patterns,
                                    exact_width_optimum, exact_worst_case_hinge, g_two_sided, gaussian_instance,
                                    merge_collinear, multistart_lbfgs, nc_objective, nc_value_and_grad, one_d_instance,
                                    pattern_of, pattern_set, prune_blocks, reconstruct, sample_patterns,
                                    scenario_sample_size, solve_convex, solve_gated, v_shape)


def test_enumeration_matches_cover_and_sampling():
    for (n, d, seed) in [(10, 3, 0), (8, 2, 1), (6, 4, 2)]:
        X, _ = gaussian_instance(n, d, seed)
        D, min_abs = enumerate_patterns(X)
        assert min_abs > 1e-8
        assert D.shape[1] == cover_count(n, d)
        S = sample_patterns(X, 20000, np.random.default_rng(0))
        assert pattern_set(S) <= pattern_set(D)


def test_one_d_with_bias_has_2n_patterns():
    X, _ = one_d_instance(7, 0)
    D, _ = enumerate_patterns(X)
    assert D.shape[1] == 14 and not D.any(axis=0).all()     # zero pattern included


def test_tie_conventions_differ_only_on_ties():
    X = np.array([[-1.0, 1.0], [0.0, 1.0], [1.0, 1.0]])
    u = np.array([1.0, 0.0])
    assert pattern_of(X, u).ravel().tolist() == [False, True, True]
    assert pattern_of(X, u, strict=True).ravel().tolist() == [False, False, True]


def test_cone_max_matches_socp():
    rng = np.random.default_rng(3)
    X, _ = gaussian_instance(6, 3, 3)
    D, _ = enumerate_patterns(X)
    for j in range(1, D.shape[1], 5):
        A = (2.0 * D[:, j] - 1.0)[:, None] * X
        c = rng.standard_normal(3)
        u = cp.Variable(3)
        pr = cp.Problem(cp.Maximize(c @ u), [A @ u >= 0, cp.norm(u) <= 1])
        pr.solve(solver=cp.CLARABEL)
        assert pr.status == "optimal"
        assert abs(cone_max(A, c) - pr.value) < 1e-6          # CLARABEL defaults: ~1e-7 accurate (spec sec. 3)


def test_whitened_closed_form_and_width_one():
    X, y, beta = np.eye(2), np.array([2.0, -1.0]), 0.5
    D, _ = enumerate_patterns(X)
    sol = solve_convex(X, y, beta, D, tight=True)
    br = bracket(X, y, beta, sol, Blocks.full(D))
    assert br["lower"] <= 1.25 + 1e-12 and br["upper"] >= 1.25 - 1e-12 and br["width"] < 1e-8
    r1 = exact_width_optimum(X, y, beta, D, 1)
    assert r1["lower"] - 1e-9 <= 1.375 <= r1["upper"] + 1e-9


def test_vshape_gated_below_relu_and_bracket():
    X, y = v_shape()
    D, _ = enumerate_patterns(X)
    assert abs(g_two_sided(X, D, y) - 2.0) < 1e-9            # beta_max of the V-shape
    sol = solve_convex(X, y, 0.1, D, tight=True)
    br = bracket(X, y, 0.1, sol, Blocks.full(D))
    assert abs(br["lower"] - 0.185) < 1e-8 and abs(br["upper"] - 0.185) < 1e-8
    assert solve_gated(X, y, 0.1, D, tight=True).value < 0.185 - 1e-3


def test_reconstruction_identity_and_merge_and_prune():
    X, y = v_shape()
    D, _ = enumerate_patterns(X)
    sol = solve_convex(X, y, 0.1, D, tight=True)
    U, a = reconstruct(sol.Z, sol.blocks.s)
    assert abs(nc_objective(X, y, 0.1, U, a) - sol.convex_objective) < 1e-10
    Z = np.array([[1.0, 2.0], [1.0, 2.0]])
    Um, am = merge_collinear(*reconstruct(Z, np.array([1.0, 1.0])))
    assert Um.shape[1] == 1 and abs(am[0] ** 2 - 3 * math.sqrt(2)) < 1e-12
    Zp = prune_blocks(X, sol.Z, sol.blocks)
    Up, ap = reconstruct(Zp, sol.blocks.s)
    assert Up.shape[1] <= X.shape[0] and nc_objective(X, y, 0.1, Up, ap) <= sol.convex_objective + 1e-9


def test_nc_gradient_matches_finite_differences():
    X, y = gaussian_instance(6, 3, 0)
    th = np.random.default_rng(1).standard_normal(3 * 2 + 2)
    f, g = nc_value_and_grad(th, X, y, 0.1, 2)
    e = 1e-6
    fd = np.array([(nc_value_and_grad(th + e * np.eye(8)[i], X, y, 0.1, 2)[0]
                    - nc_value_and_grad(th - e * np.eye(8)[i], X, y, 0.1, 2)[0]) / (2 * e) for i in range(8)])
    assert np.allclose(g, fd, atol=1e-5)


def test_lbfgs_is_upper_bound_and_finds_eye2_optimum():
    X, y = np.eye(2), np.array([2.0, -1.0])
    r = multistart_lbfgs(X, y, 0.5, 2, 10, np.random.default_rng(0))
    assert r["best"] >= 1.25 - 1e-12 and r["best"] < 1.25 + 1e-8


def test_worst_case_hinge_against_grid():
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.standard_normal((3, 2)), np.ones((3, 1))], axis=1)
    y = np.array([1.0, -1.0, 1.0])
    U, a = rng.standard_normal((3, 4)), rng.standard_normal(4)
    mu = np.array([1.0, 1.0, 0.0])
    wc = exact_worst_case_hinge(X, y, U, a, 0.3, mu)
    t = np.linspace(-0.3, 0.3, 121)
    for k in range(3):
        grid = [max(0.0, 1 - y[k] * (np.maximum((X[k] + np.array([s1, s2, 0])) @ U, 0) @ a))
                for s1, s2 in itertools.product(t, t)]
        assert max(grid) <= wc[k] + 1e-12 and wc[k] - max(grid) < 1e-2


def test_admm_close_to_clarabel():
    X, y = one_d_instance(6, 0)
    D, _ = enumerate_patterns(X)
    sol = solve_convex(X, y, 0.2, D, tight=True)
    r = admm(X, y, 0.2, D, iters=2000, record_every=100)
    assert abs(r["convex_obj"] - sol.value) < 1e-4 * sol.value


def test_scenario_sample_size():
    N = scenario_sample_size(8, 0.05, 0.01)
    from scipy import stats
    assert stats.binom.cdf(7, N, 0.05) <= 0.01 < stats.binom.cdf(7, N - 1, 0.05)


def test_cone_decomposition_feasible_and_singular_gate():
    from simulators.convex_relu import cone_decomposition, nc_predict
    X, y = v_shape()
    D, _ = enumerate_patterns(X)
    sol = solve_gated(X, y, 0.1, D, tight=True)
    V, W, status = cone_decomposition(X, sol.blocks.D, sol.Z, tight=False)
    assert status == "optimal"
    U, a = reconstruct(np.concatenate([V, W], axis=1), np.r_[np.ones(V.shape[1]), -np.ones(W.shape[1])])
    assert np.max(np.abs(nc_predict(X, U, a) - sol.yhat)) < 1e-6       # same predictions (default tolerances)
    # singular gate under strict >: K = {w1 = 0, w2 >= 0}, so u = (1, 1) is not in K - K
    Xs = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    Ds = pattern_of(Xs, np.array([0.0, 1.0]), strict=True)
    assert cone_decomposition(Xs, Ds, np.array([[1.0], [1.0]]))[2] == "infeasible"


def test_optimum_vshape_support_and_width():
    from simulators.convex_relu import optimum
    X, y = v_shape()
    o = optimum(X, y, 0.1)
    assert o["status"] == "optimal" and o["support_status"] == "optimal"
    assert o["lower"] <= 0.185 + 1e-12 <= o["upper"] + 2e-12 and o["upper"] - o["lower"] < 1e-8
    assert o["pruned_neurons"] == 3 and abs(o["pruned_objective"] - 0.185) < 1e-8    # m* = 3 on the V-shape
    r = exact_width_optimum(X, y, 0.1, o["D"], 2)
    assert r["all_optimal"] and r["tolerances"] and r["lower"] > 0.185 + 1e-4         # p_2 > p*


def test_robust_value_equals_exact_worst_case():
    from simulators.convex_relu import robust_network, solve_robust_hinge, xor_instance
    X, y = xor_instance(8, 0, noise=0.5)
    Ds = sample_patterns(X, 6, np.random.default_rng(1))
    mu = np.array([1.0, 1.0, 0.0])
    rs = solve_robust_hinge(X, y, 0.01, Ds, 0.1, mu, tight=True)
    assert rs.status == "optimal"
    U, a = robust_network(rs.V, rs.W)
    wc = exact_worst_case_hinge(X, y, U, a, 0.1, mu).sum() + 0.005 * (np.sum(U * U) + a @ a)
    assert abs(wc - rs.value) < 1e-7 * max(1.0, rs.value)
