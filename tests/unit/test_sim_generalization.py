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


def test_module_docstring_example():
    """The user-defined world / learner example in finite_world's docstring runs and its outputs hold."""
    import doctest
    res = doctest.testmod(fw, verbose=False)
    assert res.attempted >= 8 and res.failed == 0


def test_pointwise_learner_matches_erm():
    world = fw.world_wd("noisy")
    S = fw.all_tuples(world.m, 2)
    emp = lambda s: int(np.argmin(world.loss[:, list(s)].mean(axis=1)))
    assert np.array_equal(fw.pointwise(emp)(world, S), fw.erm()(world, S))


@pytest.mark.parametrize("E_Ln,I_bar", [(0.1, 0.05), (0.0, 0.02), (0.3, 0.001)])
def test_fast_rate_bound_feasible_and_optimal(E_Ln, I_bar):
    out = fw.fast_rate_bound(E_Ln, I_bar)
    c1, c2 = out["C1"], out["C2"]
    assert math.exp(2 * c2) + math.exp(-2 * c2 * (c1 + 1)) <= 2 + 1e-12          # feasible
    assert abs(out["bound"] - (c1 * E_Ln + I_bar / c2)) < 1e-12                  # value matches (C1, C2)
    # independent brute force: 2-D grid over (C1, C2), constraint checked directly (no 1-D reduction)
    C1, C2 = np.meshgrid(np.linspace(0.0, 10.0, 1001)[1:], np.linspace(0.0, math.log(2) / 2, 1001)[1:])
    feas = np.exp(2 * C2) + np.exp(-2 * C2 * (C1 + 1)) <= 2
    brute = float(np.min((C1 * E_Ln + I_bar / C2)[feas]))
    assert out["bound"] <= brute + 1e-12                 # the optimizer is at least as good as any grid point
    assert out["bound"] >= 0.97 * brute                  # and the grid gets within its resolution of it


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


@pytest.mark.parametrize("lam,sd", [(2.3, 8.0), (3.0, 12.0), (0.05, 0.3)])
def test_log_mgf_far_tilted_mass(lam, sd):
    """Exponential tilting moves the mass of N(0, sd^2) to lam sd^2 (up to 36 sd away here); the
    quadrature must still find it (a plain quad over (-inf, inf) returned ~2/3 of the value with a tiny
    error estimate).  Closed form: lam^2 sd^2 / 2."""
    m, e = log_mgf_centered(lambda s: s, lam, lambda s: stats.norm.logpdf(s, 0, sd))
    exact = lam ** 2 * sd ** 2 / 2
    assert abs(m - exact) <= 1e-10 * max(1.0, exact) and e < 1e-8 * max(1.0, exact)


def test_log_mgf_chi_norm_against_mpmath():
    """f = |z|, z ~ N(0, I_3): log E exp(lam (|z| - E|z|)) against a 30-digit mpmath quadrature."""
    lam, d = 2.5, 3
    with mpmath.workdps(30):
        pdf = lambda r: r ** (d - 1) * mpmath.exp(-r * r / 2) / (2 ** (d / 2 - 1) * mpmath.gamma(mpmath.mpf(d) / 2))
        mean = mpmath.quad(lambda r: r * pdf(r), [0, mpmath.inf])
        ref = float(mpmath.log(mpmath.quad(lambda r: mpmath.exp(lam * (r - mean)) * pdf(r), [0, 5, 20, mpmath.inf])))
    logpdf = lambda r: (d - 1) * math.log(r) - r * r / 2 - ((d / 2 - 1) * math.log(2) + math.lgamma(d / 2)) \
        if r > 0 else -math.inf
    m, _ = log_mgf_centered(lambda r: r, lam, logpdf, (0, np.inf))
    assert abs(m - ref) < 1e-10


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


# ---------------------------------------------------------------- Rademacher enumeration
def test_linear_ball_rademacher_closed_forms():
    from simulators.generalization.rademacher import linear_ball_rademacher
    # m = 1: E|sigma x| = |x|  =>  R = M |x|
    x = np.array([[3.0, 4.0]])
    assert abs(linear_ball_rademacher(x, 2.0) - 10.0) < 1e-14
    # d = 1, m = 2: E|s1 x1 + s2 x2| = (|x1 + x2| + |x1 - x2|)/2 = max(|x1|, |x2|)  =>  R = M max / 2
    assert abs(linear_ball_rademacher(np.array([[0.7], [-2.5]]), 1.5) - 1.5 * 2.5 / 2) < 1e-14
    # orthogonal rows: ||sum s_i x_i|| = sqrt(sum ||x_i||^2) for every sign vector
    X = np.diag([1.0, 2.0, 3.0])
    assert abs(linear_ball_rademacher(X, 1.0) - math.sqrt(14.0) / 3) < 1e-14
    with pytest.raises(ValueError):
        linear_ball_rademacher(np.ones((17, 1)))


# ---------------------------------------------------------------- 1-NN supersample (torch, CPU)
def test_one_nn_supersample_interpolates():
    """1-NN has zero training loss: the trained column of every pair has loss 0, so dL_i >= 0 when
    U_i = 0 (column 0 trained) and dL_i <= 0 when U_i = 1; test errors are frequencies in [0, 1]."""
    pytest.importorskip("torch")
    from simulators.generalization.nn_supersample import one_nn_supersample
    r = one_nn_supersample(n=6, d=3, sep=1.0, draws=300, n_test=50, seed=0, chunk=128)
    dL, U, te = r["dL"], r["U"], r["test_err"]
    assert dL.shape == (300, 6) and U.shape == (300, 6) and te.shape == (300,)
    assert np.all(dL[U == 0] >= 0) and np.all(dL[U == 1] <= 0)
    assert np.any(dL != 0)                                   # some test columns are misclassified
    assert np.all((te >= 0) & (te <= 1)) and 0.05 < te.mean() < 0.5   # separable-ish blobs: better than chance
