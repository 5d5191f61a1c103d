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
