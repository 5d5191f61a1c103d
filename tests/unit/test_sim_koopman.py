"""Unit tests of simulators/koopman against closed forms and brute force on tiny cases."""
import itertools
import math

import numpy as np
import pytest

from simulators.koopman import factors as fac
from simulators.koopman import rademacher as rad
from simulators.koopman import sobolev as sob


def test_convention_string_is_pinned():
    assert "exp(-i x.w)" in sob.CONVENTION and "(2pi)^{-2d}" in sob.CONVENTION


def test_gaussian_h1_norm_closed_form():
    # g = exp(-x^2/2): g^ = sqrt(2pi) exp(-w^2/2); ||g||_{H^1}^2 = 2pi int e^{-w^2}(1+w^2) = 2pi sqrt(pi) 3/2
    exact = 2 * math.pi * math.sqrt(math.pi) * 1.5
    v, e = sob.packet_norm_sq([0.0], 1.0, [0.0], 1.0)
    assert abs(v - exact) < 1e-10 * exact and e < 1e-9 * exact
    assert abs(sob.gaussian_norm_sq(1, 1.0) - exact) < 1e-12 * exact
    # unitary convention: times (2pi)^{-d}
    assert abs(sob.gaussian_norm_sq(1, 1.0, "unitary") - exact / (2 * math.pi)) < 1e-12 * exact


def test_fft_norm_noninteger_s_matches_radial_quadrature():
    # d = 2, s = 1.5 for exp(-|x|^2/2): FFT grid (padded) vs mpmath radial integral
    v, e = sob.packet_norm_sq([0.0, 0.0], 1.0, [0.0, 0.0], 1.5)
    ref = sob.gaussian_norm_sq(2, 1.5)
    assert abs(v - ref) < 1e-9 * ref


def test_h1_kernel_is_exponential_and_matern_limit():
    # d = s = 1: k(x,y) = e^{-|x-y|}/(4 pi)
    r = np.array([0.0, 0.5, 2.0])
    k = sob.matern_kernel(r, 1, 1.0)
    assert np.allclose(k, np.exp(-r) / (4 * math.pi), rtol=1e-12)
    for d, s in [(2, 1.5), (4, 3.0), (3, 2.2)]:
        assert abs(sob.matern_kernel(np.array([0.0]), d, s)[0] / float(sob.kernel_diagonal(d, s)) - 1) < 1e-12
        q, _ = sob.kernel_diagonal_quadrature(d, s)
        assert abs(q / float(sob.kernel_diagonal(d, s)) - 1) < 1e-9


def test_kernel_conventions_differ_by_2pi_power():
    for d in (1, 3):
        ratio = float(sob.kernel_diagonal(d, d / 2 + 1, "unitary") / sob.kernel_diagonal(d, d / 2 + 1, "paper"))
        assert abs(ratio - (2 * math.pi) ** d) < 1e-9 * ratio


def test_linear_packet_ratio_scalar_closed_form():
    # h(x) = e^{-x^2/2}, s = 0 would be 1/sqrt|a|; with s = 1: ratio^2 = (1/a) E(1+a^2 w^2)/E(1+w^2), w ~ N(0,1/2)
    a = 2.0
    r, _ = sob.linear_packet_ratio([[a]], 1.0, [0.0], 1.0)
    expect = math.sqrt((1 / a) * (1 + a * a / 2) / (1 + 0.5))
    assert abs(r - expect) < 1e-10


def test_activation_identity_ratio_is_one():
    f, df = sob.tanh_bump(0.0)
    r, _ = sob.activation_packet_ratio(f, df, 0.3, 1.0, 2.0)
    assert abs(r - 1) < 1e-10


def test_derivative_extremes_and_factor():
    lo, hi = sob.derivative_extremes(sob.tanh_bump(1.0)[1])
    assert abs(hi - 2.0) < 1e-9 and abs(lo - 1.0) < 1e-9
    assert abs(sob.h1_activation_factor(0.2, 1.0) - math.sqrt(5)) < 1e-15


def test_fem_norm_below_formula_at_isolated_minimum_and_close_for_leaky():
    f, df = sob.tanh_bump(-0.5)
    v = sob.h1_activation_norm_fem(f, df, 30.0, 600)
    assert 1.10 < v < 1.15 < math.sqrt(2)
    f, df = sob.leaky_smooth(0.2)
    assert abs(sob.h1_activation_norm_fem(f, df, 400.0, 1600) / math.sqrt(5) - 1) < 1e-3


def test_rademacher_exact_brute_force():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(6, 6))
    K = A @ A.T
    brute = np.mean([math.sqrt(np.array(sg) @ K @ np.array(sg)) for sg in itertools.product([-1, 1], repeat=6)])
    assert abs(rad.rademacher_exact(K, 2.0) - 2.0 * brute / 6) < 1e-12


def test_rademacher_mc_agrees_with_exact_and_torch_namespace():
    rng = np.random.default_rng(1)
    X = rng.normal(0, 1, size=(12, 1))
    K = sob.gram_matrix(X, 1.0)
    ex = rad.rademacher_exact(K)
    v, h, _ = rad.rademacher_mc(K, n_draws=20000, seed=3)
    assert abs(v - ex) <= h
    torch = pytest.importorskip("torch")
    import array_api_compat.torch as xpt
    Kt = torch.as_tensor(K)
    assert abs(rad.rademacher_exact(Kt, xp=xpt) - ex) < 1e-12
    vt, ht, _ = rad.rademacher_mc(Kt, n_draws=20000, seed=3, xp=xpt)
    assert abs(vt - ex) <= ht


def test_identity_kernel_rademacher_equals_jensen_bound():
    # K = c I: sigma^T K sigma = c n for every sign vector, so R^ = sqrt(c/n) exactly
    K = 0.3 * np.eye(9)
    assert abs(rad.rademacher_exact(K) - math.sqrt(0.3 / 9)) < 1e-14


def test_factors_orthogonal_and_two_level():
    Q = fac.haar_orthogonal(16, 0)
    assert abs(fac.log_koopman_factor(Q, 9.0)) < 1e-12
    W = fac.two_level_spectrum(8, 3.0, 1)
    assert abs(fac.log_koopman_factor(W, 5.0) - fac.log_koopman_two_level(8, 3.0)) < 1e-12
    assert abs(fac.log_frobenius(W) - fac.log_frobenius_two_level(8, 3.0)) < 1e-12
    Wd = fac.two_level_spectrum(8, 3.0, 1, diagonal=True)
    assert abs(fac.log_l21(Wd) - fac.log_l21_two_level_diagonal(8, 3.0)) < 1e-12


def test_crossover_d4_closed_form_and_ordering():
    # d = 4: kappa = sqrt(2 (1 + kappa^-2))  <=>  kappa^2 = 1 + sqrt(3)
    assert abs(fac.crossover_kappa(4) - math.sqrt(1 + math.sqrt(3))) < 1e-13
    ks = [fac.crossover_kappa(d) for d in (4, 16, 64, 256)]
    kl = [fac.crossover_kappa(d, "l21") for d in (4, 16, 64, 256)]
    assert all(a > b > 1 for a, b in zip(ks, ks[1:])) and all(x > y for x, y in zip(kl, ks))


def test_expected_log_det_d1():
    # d = 1: E log|Z| for Z ~ N(0,1) = (psi(1/2) + log 2)/2
    from scipy.special import digamma
    assert abs(fac.expected_log_abs_det_gaussian(1) - 0.5 * (digamma(0.5) + math.log(2))) < 1e-15


def test_separable_norm_matches_2d_fft():
    k = 2.0
    f1 = lambda x: np.cos(k * x) * np.exp(-x * x / 2)
    f2 = lambda x: np.exp(-(k * x) ** 2 / 2)
    sep = sob.separable_norm_sq(f1, 9.5, k + 9.5, f2, 9.5 / k, 9.5 * k, 2.0)
    full = sob.sobolev_norm_sq_fn(lambda a, b: f1(a) * f2(b), [9.5, 9.5 / k], [k + 9.5, 9.5 * k], 2.0)
    assert abs(sep / full - 1) < 1e-9
