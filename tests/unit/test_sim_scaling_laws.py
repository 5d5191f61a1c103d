"""Unit tests of simulators/scaling (the scaling-law engine): exact cross-checks on small cases."""
import math

import mpmath as mp
import numpy as np
import pytest

from simulators.scaling import de
from simulators.scaling.fit import aitken_slope, frontier, frontier_exponents, local_slopes, loglog_slope
from simulators.scaling.model import (Spectrum, draw_instance, ensemble_capacity, ols_test_losses,
                                      wishart_excess)
from simulators.scaling.recursion import flow_risk, gd_risk, pad_batch, sgd_risk, sgd_risk_steps


def test_blocked_recursion_equals_step_loop():
    insts = [draw_instance(Spectrum.plrf(0.8, 0.6, 256), d, 3) for d in (16, 40)]
    mu, c0, s2 = pad_batch(insts)
    gam = 0.5 / mu.sum(1)
    for B in (1.0, 4.0):
        out = sgd_risk(mu, c0, s2, gam, B, 700, block=64)
        for k, inst in enumerate(insts):
            ref = sgd_risk_steps(inst.mu, inst.c0, inst.sigma2, gam[k], B, 700)
            assert np.max(np.abs(out[k] - ref) / ref) < 1e-12


def test_gd_closed_form_and_flow():
    inst = draw_instance(Spectrum.bordelon(2.0, 1.5, 128), 24, 1)
    g = 0.4 / inst.mu.sum()
    ref = sgd_risk_steps(inst.mu, inst.c0, inst.sigma2, g, math.inf, 300)
    t = np.arange(301)
    assert np.allclose(gd_risk(inst.mu, inst.c0, inst.sigma2, g, t), ref, rtol=1e-12)
    # small steps: GD at time t approaches gradient flow at time g t
    f = flow_risk(inst.mu, inst.c0, inst.sigma2, [g * 300])[0]
    assert abs(gd_risk(inst.mu, inst.c0, inst.sigma2, g, [300])[0] / f - 1) < 0.05


def test_recursion_risk_at_time_zero_is_total_variance():
    inst = draw_instance(Spectrum.mrs(1.0, 200), 20, 5)
    assert math.isclose(float(inst.mu @ inst.c0) + inst.sigma2, inst.total, rel_tol=1e-10)


def test_capacity_loss_matches_least_squares_residual():
    spec = Spectrum.plrf(0.7, 0.4, 300)
    inst = draw_instance(spec, 30, 11)
    lam, tw = spec.arrays()
    W = np.random.default_rng(11).standard_normal((300, 30)) / np.sqrt(30)
    A = np.sqrt(lam)[:, None] * W
    y = np.sqrt(tw)
    r = y - A @ np.linalg.lstsq(A, y, rcond=None)[0]
    assert math.isclose(inst.sigma2, float(r @ r), rel_tol=1e-8)


def test_ols_mean_matches_wishart_factor():
    inst = draw_instance(Spectrum.mrs(1.0, 128), 8, 2, keep=True)
    L = ols_test_losses(inst, 40, 3000, 7)
    exact = inst.sigma2 * 39 / 31
    assert abs(L.mean() - exact) < 4 * L.std() / np.sqrt(len(L))


def test_wishart_excess_mean():
    e = wishart_excess(np.ones(10), 2.0, 60, 4000, 0)
    assert abs(e.mean() / (2.0 * 10 / 49) - 1) < 0.02


def test_de_kappa_constant_and_duality():
    spec = Spectrum.mrs(1.0, None)
    L, k = de.loss_rp(spec, 512, dps=30)
    assert abs(float(k * 512 ** 2) - float(mp.pi ** 2 / 4)) < 0.02     # MRS constant, O(1/N) close
    with mp.workdps(40):
        r = L / de.loss_kernel(spec, 512, dps=30)
        assert abs(r - 1) < mp.mpf(10) ** -25


def test_de_matches_direct_sum_for_finite_spectrum():
    spec = Spectrum.plrf(0.75, 0.5, 600)
    with mp.workdps(30):
        k = de.kappa_rp(spec, 40, dps=25)
        lam, _ = spec.arrays()
        assert abs(sum(mp.mpf(l) / (mp.mpf(l) + k) for l in lam) - 40) < mp.mpf(10) ** -15


def test_local_slopes_and_aitken():
    x = 2.0 ** np.arange(4, 14)
    _, s = local_slopes(x, 3 * x ** -1.3)
    assert np.allclose(s, -1.3)
    y = x ** -1.5 * (1 + 2 * x ** -0.5)
    ext, err, _ = aitken_slope(x, y)
    assert abs(ext + 1.5) < 2e-3 and err < 0.02
    assert abs(loglog_slope(x, x ** 2.0) - 2) < 1e-12


def test_frontier_recovers_known_exponents():
    ds = np.geomspace(4, 4096, 21)
    t = np.geomspace(1, 1e7, 400)
    L = ds[:, None] ** -1.0 + t[None, :] ** -0.5           # d* ~ f^(1/3), L* ~ f^(-1/3)
    xi, eta = frontier_exponents(frontier(ds, t, L))
    assert abs(xi - 1 / 3) < 0.02 and abs(eta - 1 / 3) < 0.02


def test_ensemble_worse_than_wide_single():
    s, e = ensemble_capacity(Spectrum.bordelon(2.0, 1.5, 512), 16, 4, 0)
    assert e > s


def test_torch_parity():
    xpt = pytest.importorskip("array_api_compat.torch")
    insts = [draw_instance(Spectrum.plrf(0.7, 1.0, 128), 16, 0)]
    mu, c0, s2 = pad_batch(insts)
    mt, ct, st_ = pad_batch(insts, xp=xpt)
    a = sgd_risk(mu, c0, s2, 0.2, 1.0, 500)
    b = sgd_risk(mt, ct, st_, 0.2, 1.0, 500, xp=xpt).numpy()
    assert np.max(np.abs(a - b) / a) < 1e-12


def test_twolayer_gradient_matches_finite_differences():
    from simulators.scaling.twolayer import _loss_grad
    rng = np.random.default_rng(0)
    N = 5
    x = np.linspace(-1, 1, 40)
    th = rng.standard_normal(3 * N + 1)
    for act in ("silu", "tanh"):
        L, g = _loss_grad(th, x, x ** 2, N, act)
        h = 1e-6
        fd = np.array([(_loss_grad(th + h * e, x, x ** 2, N, act)[0] - _loss_grad(th - h * e, x, x ** 2, N, act)[0])
                       / (2 * h) for e in np.eye(th.size)])
        assert np.max(np.abs(fd - g)) < 1e-7 * max(1.0, np.max(np.abs(g)))


def test_max_margin_satisfies_kkt_and_separates():
    from simulators.scaling.perceptron import max_margin
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 10))
    y = np.sign(X @ rng.standard_normal(10))
    w, status = max_margin(X, y)
    assert status == "optimal"
    m = y * (X @ w)
    assert m.min() > 1 - 1e-6                         # primal feasibility
    assert np.sum(np.abs(m - 1) < 1e-5) >= 1          # some constraint active at the optimum


def test_nearest_neighbour_1d_error_scales_as_D_minus_2():
    from simulators.scaling.manifold import interpolation_mse
    e1 = np.mean([interpolation_mse(1, 512, s, "nn") for s in range(4)])
    e2 = np.mean([interpolation_mse(1, 2048, s, "nn") for s in range(4)])
    assert 10 < e1 / e2 < 22                          # 4x more points -> ~16x smaller MSE (1-NN, smooth target)
