"""Unit tests of simulators/generalization: closed forms and brute force on tiny cases."""
import itertools
import math

import mpmath
import numpy as np
import pytest
from scipy import stats

from simulators.generalization import finite_world as fw
from simulators.generalization.gaussian import (gaussian_kl, linear_net_representation_kl, log_mgf_centered,
                                                tv_gaussian_shift)
from simulators.generalization.gradient_flow import flow, least_squares
from simulators.generalization.kl import (binom_cdf, binom_cdf_mp, kl_bernoulli, kl_inv, kl_inv_mp,
                                          pac_bayes_failure_probability)


# ---------------------------------------------------------------- finite worlds
def test_realizable_erm_closed_form_and_identity():
    for n in (2, 3):
        r = fw.analyze(fw.world_wd("realizable"), fw.erm(), n)
        assert r["interpolating"]
        assert r["E_Ln"] == 0.0
        assert abs(r["E_Lmu"] - 0.3 * 0.7 ** n) < 1e-14          # spec closed form
        assert abs(np.mean(r["I_dL"]) / math.log(2) - r["E_Lmu"]) < 1e-12


def test_supersample_gen_matches_direct_enumeration():
    for spec in ({"world": "noisy", "learner": "gibbs", "gamma": 2.0, "n": 2},
                 {"world": "random", "seed": 5, "m": 4, "k": 3, "learner": "gibbs", "gamma": 1.0, "n": 2,
                  "loss": "real", "prior": "random"}):
        r = fw.analyze_spec(spec)
        assert abs(r["E_gen"] - r["E_gen_supersample"]) < 1e-13


def brute_force_mi_dl(world, learner, n, i):
    """I(dL_i; U_i) by an explicit loop over (z~, u, w): independent of the vectorized code."""
    joint = {}
    for zt in itertools.product(range(world.m), repeat=2 * n):
        zt = np.array(zt).reshape(n, 2)
        pz = np.prod(world.probs[zt.ravel()])
        for u in itertools.product((0, 1), repeat=n):
            s = np.array([zt[j, u[j]] for j in range(n)])[None, :]
            q = learner(world, s)[0]
            for w in range(world.k):
                dl = world.loss[w, zt[i, 1]] - world.loss[w, zt[i, 0]]
                key = (u[i], dl)
                joint[key] = joint.get(key, 0.0) + pz * q[w] / 2 ** n
    pu = {b: sum(v for (u, _), v in joint.items() if u == b) for b in (0, 1)}
    pd = {}
    for (u, dl), v in joint.items():
        pd[dl] = pd.get(dl, 0.0) + v
    return sum(v * math.log(v / (pu[u] * pd[dl])) for (u, dl), v in joint.items() if v > 0)


def test_mi_against_brute_force_loop():
    world = fw.random_world(3, 3, 3, binary_loss=False)
    lr = fw.gibbs(1.5)
    r = fw.analyze(world, lr, 2)
    for i in range(2):
        assert abs(r["I_dL"][i] - brute_force_mi_dl(world, lr, 2, i)) < 1e-13


def test_gibbs_skl_identity_and_mi_properties():
    r = fw.analyze_spec({"world": "noisy", "learner": "gibbs", "gamma": 2.0, "n": 3})
    assert abs(r["E_gen"] - r["I_SKL"] / 6) < 1e-12
    assert r["I_WS"] > 0 and r["lautum_WS"] > 0
    assert np.all(r["Iz_dL"] <= r["Iz_L"] + 1e-13) and np.all(r["Iz_L"] <= r["Iz_W"] + 1e-13)
    assert np.all(r["I_dL"] <= math.log(2) + 1e-15)                # MI with a bit is at most ln 2


def test_mutual_information_independent_and_copy():
    assert fw.mutual_information(np.outer([0.3, 0.7], [0.2, 0.8]))[()] < 1e-15
    assert abs(fw.mutual_information(np.diag([0.5, 0.5]))[()] - math.log(2)) < 1e-15


def test_pointwise_learner_matches_erm():
    world = fw.world_wd("noisy")
    S = fw.all_tuples(world.m, 2)
    emp = lambda s: int(np.argmin(world.loss[:, list(s)].mean(axis=1)))
    assert np.array_equal(fw.pointwise(emp)(world, S), fw.erm()(world, S))


def test_fast_rate_bound_feasible_and_optimal():
    out = fw.fast_rate_bound(0.1, 0.05)
    c1, c2 = out["C1"], out["C2"]
    assert math.exp(2 * c2) + math.exp(-2 * c2 * (c1 + 1)) <= 2 + 1e-12
    grid = [fw.fast_rate_bound(0.1, 0.05, grid=200001)["bound"]]
    assert out["bound"] <= grid[0] + 1e-9


# ---------------------------------------------------------------- kl / binomial
@pytest.mark.parametrize("q,c", [(0.0, 1e-3), (0.0, 60.0), (0.3, 0.2), (0.5, 1e-14), (0.99, 1e-25),
                                 (1e-12, 3.0), (0.999999, 1e-2),
                                 (2.225073858507203e-309, 1.0), (5e-324, 1.0)])
def test_kl_inv_against_mpmath(q, c):
    assert abs(kl_inv(q, c) - float(kl_inv_mp(q, c))) < 1e-12


def test_kl_inv_q0_closed_form():
    for c in (1e-8, 0.1, 5.0):
        assert abs(kl_inv(0.0, c) - (1 - math.exp(-c))) < 1e-15


def test_kl_bernoulli_values():
    assert abs(kl_bernoulli(0.5, 0.5)) < 1e-16
    assert abs(float(kl_bernoulli(0.2, 0.6)) - float(mpmath.mpf("0.2") * mpmath.log(mpmath.mpf(1) / 3)
                                                     + mpmath.mpf("0.8") * mpmath.log(2))) < 1e-15


def test_binomial_tail_against_mpmath():
    for k, n, p in [(3, 1000, 0.01), (0, 8, 0.5), (500, 1000, 0.5), (10, 30, 0.7)]:
        assert abs(binom_cdf(k, n, p) - float(binom_cdf_mp(k, n, p))) < 1e-12


def test_failure_probability_brute_force():
    n, p, c = 12, 0.4, 0.15
    ref = sum(stats.binom.pmf(k, n, p) for k in range(n + 1) if kl_inv(k / n, c) < p)
    assert abs(pac_bayes_failure_probability(n, p, c)["prob"] - ref) < 1e-15


# ---------------------------------------------------------------- Gaussian
def test_gaussian_kl_univariate():
    assert abs(gaussian_kl([0.0], [[1.0]], [1.0], [[4.0]]) - (math.log(2) + (1 + 1) / 8 - 0.5)) < 1e-14


def test_linear_net_kl_rank_formula():
    rng = np.random.default_rng(1)
    layers = [rng.normal(size=(3, 3)), rng.normal(size=(1, 3)), rng.normal(size=(4, 1))]
    D = linear_net_representation_kl(rng.normal(size=3), layers, 7)
    assert np.allclose(D, 0.5 * np.array([3, 3, 1, 1]) * math.log(7 / 6), atol=1e-12)


def test_tv_and_log_mgf():
    v, _ = tv_gaussian_shift(0.8, 1.3)
    assert abs(v - (2 * stats.norm.cdf(0.8 / 1.3) - 1)) < 1e-12
    m, _ = log_mgf_centered(lambda s: s, 1.7, lambda s: stats.norm.logpdf(s, 0, 0.9))
    assert abs(m - 1.7 ** 2 * 0.81 / 2) < 1e-10


# ---------------------------------------------------------------- gradient flow
def test_flow_path_equals_distance_on_straight_path():
    rng = np.random.default_rng(0)
    Phi = rng.normal(size=(5, 12)) / math.sqrt(12)
    lam, V = np.linalg.eigh(Phi @ Phi.T)
    y = V[:, 0]
    loss, grad = least_squares(Phi, y)
    r = flow(grad, loss, np.zeros(12), 40 * 5 / lam[0])
    theta_inf = Phi.T @ np.linalg.solve(Phi @ Phi.T, y)
    assert abs(r["path_T"] - np.linalg.norm(theta_inf)) < 1e-8
    assert abs(r["path_T"] - 1 / math.sqrt(lam[0])) < 1e-8


def test_pac_bayes_complexity_decomposition():
    """E_S KL(Q_S || pi) = I(W;S) + KL(P_W || pi) (golden identity), random prior."""
    spec = {"world": "random", "seed": 11, "m": 4, "k": 3, "learner": "gibbs", "gamma": 2.0, "n": 2,
            "loss": "binary", "prior": "random"}
    r = fw.analyze_spec(spec)
    pi = np.random.default_rng(12).dirichlet(np.ones(3))
    kl_pw = float(np.sum(r["P_W"] * np.log(r["P_W"] / pi)))
    assert abs(r["E_KL_prior"] - (r["I_WS"] + kl_pw)) < 1e-13
