"""Backend parity: the same seeded experiment on two array backends agrees within a
dtype-aware tolerance.

Tolerance convention (stated once, used everywhere here): for a result r computed by
sums/products of operands a_i, two IEEE implementations differ by at most
``c * eps(dtype) * sum_i |a_i|`` with c a small multiple of the reduction length's
log (we take c = 8 * log2(n_terms) + 8, generous for pairwise vs sequential sums).
float32 results are compared to the float64 reference with eps(float32).
TF32 is disabled by the ``xp_backend`` fixture on CUDA.
Missing backends are skipped with the reason (tests/conftest.py), never passed.
"""
import math

import numpy as np
import pytest

from simulators.backend import asarray, is_torch, to_numpy


def tol(dtype: str, magnitude: float, n_terms: int) -> float:
    eps = float(np.finfo(dtype).eps)
    return (8 * math.log2(max(n_terms, 2)) + 8) * eps * magnitude


def test_tolerance_is_meaningful():
    """The stated tolerance would catch an error of one part in 1e9 (float64)."""
    assert tol("float64", 1.0, 1 << 20) < 1e-12


# ---- Koopman: exact empirical Rademacher complexity of an RKHS ball -----------------

def test_rademacher_exact_parity(xp_backend):
    from simulators.koopman.rademacher import rademacher_exact
    lib, device, dtype, xp = xp_backend
    rng = np.random.default_rng(7)
    x = rng.normal(size=(12, 2))
    K = np.exp(-0.5 * ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    ref = rademacher_exact(K)
    Kx = asarray(xp, K, device, dtype) if is_torch(xp) else K.astype(dtype)
    got = rademacher_exact(Kx, xp=xp)
    # each quadratic form sums n^2 = 144 products of magnitude <= |K|_max; 2^11 forms are summed
    magnitude = ref * 12 + np.abs(K).sum()
    assert abs(got - ref) <= tol(dtype, magnitude, 144 * 2048), (lib, device, dtype, got, ref)


# ---- convex ReLU: non-convex objective and gradient, numpy analytic vs torch autograd ----

def test_nonconvex_objective_and_gradient_parity(xp_backend):
    lib, device, dtype, xp = xp_backend
    if not is_torch(xp):
        pytest.skip("reference backend (numpy) is what the others are compared with")
    import torch
    from simulators.convex_relu.nonconvex import nc_value_and_grad
    rng = np.random.default_rng(3)
    n, d, m, beta = 20, 4, 6, 0.3
    X, y, theta = rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d * m + m)
    f_ref, g_ref = nc_value_and_grad(theta, X, y, beta, m)
    dt = getattr(torch, dtype)
    th = torch.tensor(theta, dtype=dt, device=device, requires_grad=True)
    U, a = th[: d * m].reshape(d, m), th[d * m:]
    r = torch.relu(torch.as_tensor(X, dtype=dt, device=device) @ U) @ a - torch.as_tensor(y, dtype=dt, device=device)
    f = 0.5 * (r * r).sum() + 0.5 * beta * ((U * U).sum() + (a * a).sum())
    f.backward()
    f = f.detach()
    mag = float(np.abs(X).sum() * np.abs(theta).sum() ** 2 + np.abs(y).sum() ** 2)
    assert abs(f.item() - f_ref) <= tol(dtype, mag, n * d * m)
    assert np.max(np.abs(to_numpy(th.grad) - g_ref)) <= tol(dtype, mag, n * d * m)


# ---- scaling laws: random-feature instance and the exact SGD / GD risk recursions -----

def _instance(xp, device):
    from simulators.scaling.model import Spectrum, draw_instance
    return draw_instance(Spectrum.plrf(0.8, 0.6, 256), 64, seed=11, xp=xp, device=device)


def test_scaling_instance_and_recursion_parity(xp_backend):
    """Same seeded instance (W drawn by numpy's generator, then moved) and the same exact
    risk curve on every backend.  The eigendecomposition is only defined up to rotations in
    near-degenerate eigenspaces, so the comparison is on basis-free quantities: the spectrum,
    the capacity loss and the risk curve L(t) = sigma2 + sum_i mu_i c_i(t)."""
    from simulators.scaling.recursion import gd_risk, sgd_risk
    lib, device, dtype, xp = xp_backend
    if dtype != "float64":
        pytest.skip("the engine runs in float64 (parity claimed for float64 only)")
    ref = _instance(None, None)
    got = _instance(xp, device)
    mu_ref, mu = np.asarray(ref.mu), to_numpy(got.mu)
    d = mu.size
    # eigenvalues: backward stable, |dmu| <= c * eps * ||K|| with ||K|| = mu_max
    assert np.max(np.abs(mu - mu_ref)) <= tol("float64", mu_ref.max() * d, d * d)
    assert abs(got.sigma2 - ref.sigma2) <= tol("float64", ref.total * d, d * d)
    curve_ref = sgd_risk(ref.mu, ref.c0, ref.sigma2, 0.5 / mu_ref.max(), 4, 2000)
    curve = to_numpy(sgd_risk(got.mu, got.c0, got.sigma2, 0.5 / mu_ref.max(), 4, 2000, xp=xp))
    # a contraction (all a_i < 1): rounding does not grow along the recursion; magnitude L(0) ~ total
    assert np.max(np.abs(curve - curve_ref)) <= tol("float64", ref.total * d, d * 2000)
    times = np.array([0.0, 10.0, 1e3, 1e5])
    g_ref = gd_risk(ref.mu, ref.c0, ref.sigma2, 1.0 / mu_ref.max(), times)
    g = to_numpy(gd_risk(got.mu, got.c0, got.sigma2, 1.0 / mu_ref.max(), times, xp=xp))
    assert np.max(np.abs(g - g_ref)) <= tol("float64", ref.total * d, d)
