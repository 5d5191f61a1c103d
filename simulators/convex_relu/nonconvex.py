"""The non-convex two-layer ReLU problem with weight decay and a multi-start L-BFGS-B baseline.

    p_m = min 1/2 || sum_j (X u_j)_+ alpha_j - y ||^2 + beta/2 sum_j (||u_j||^2 + alpha_j^2)

A local method only ever returns an *upper bound* on p_m (the objective of a network it found).
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize


def _unpack(theta, d, m):
    return theta[: d * m].reshape(d, m), theta[d * m:]


def nc_value_and_grad(theta, X, y, beta, m):
    """Objective and analytic gradient (subgradient 0 at kinks: 1[X u > 0])."""
    d = X.shape[1]
    U, a = _unpack(theta, d, m)
    Z = X @ U
    H = np.maximum(Z, 0.0)
    r = H @ a - y
    f = 0.5 * r @ r + 0.5 * beta * (np.sum(U * U) + a @ a)
    ga = H.T @ r + beta * a
    gU = X.T @ ((r[:, None] * a[None, :]) * (Z > 0)) + beta * U
    return f, np.concatenate([gU.ravel(), ga])


def multistart_lbfgs(X, y, beta, m, restarts, rng, init_scale=None, gtol=1e-12, maxiter=5000):
    """Best-of-``restarts`` L-BFGS-B runs from Gaussian initialisations.  Returns dict with
    the best objective (recomputed with a true forward pass), all final values, best (U, alpha)."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    n, d = X.shape
    scale = init_scale if init_scale is not None else 1.0 / np.sqrt(max(d, 1))
    finals, best = [], None
    for _ in range(int(restarts)):
        th0 = np.concatenate([scale * rng.standard_normal(d * m), scale * rng.standard_normal(m)])
        res = minimize(nc_value_and_grad, th0, args=(X, y, beta, m), jac=True, method="L-BFGS-B",
                       options=dict(gtol=gtol, ftol=1e-15, maxiter=maxiter, maxcor=20))
        U, a = _unpack(res.x, d, m)
        r = np.maximum(X @ U, 0.0) @ a - y
        f = 0.5 * r @ r + 0.5 * beta * (np.sum(U * U) + a @ a)
        finals.append(float(f))
        if best is None or f < best[0]:
            best = (float(f), U.copy(), a.copy())
    return {"best": best[0], "finals": np.array(finals), "U": best[1], "alpha": best[2]}


def torch_multistart_adam(X, y, beta, m, restarts, seed=0, device="cpu", steps=3000, lr=1e-2, dtype="float64"):
    """Best-of-``restarts`` Adam runs, all restarts batched in one torch tensor (CUDA when device='cuda').
    Returns dict(best, finals, U, alpha); the best objective is recomputed in numpy float64."""
    import torch
    dt = getattr(torch, dtype)
    g = torch.Generator(device="cpu").manual_seed(int(seed))
    Xt = torch.as_tensor(np.asarray(X, float), dtype=dt, device=device)
    yt = torch.as_tensor(np.asarray(y, float), dtype=dt, device=device)
    d = Xt.shape[1]
    U = (torch.randn(restarts, d, m, generator=g, dtype=dt) / np.sqrt(d)).to(device).requires_grad_()
    a = (torch.randn(restarts, m, generator=g, dtype=dt) / np.sqrt(d)).to(device).requires_grad_()
    opt = torch.optim.Adam([U, a], lr=lr)

    def loss():
        H = torch.relu(torch.einsum("nd,rdm->rnm", Xt, U))
        r = torch.einsum("rnm,rm->rn", H, a) - yt
        return 0.5 * (r * r).sum(1) + 0.5 * beta * ((U * U).sum((1, 2)) + (a * a).sum(1))

    for _ in range(int(steps)):
        opt.zero_grad()
        L = loss()
        L.sum().backward()
        opt.step()
    with torch.no_grad():
        L = loss().cpu().numpy()
    i = int(np.argmin(L))
    Ub, ab = U[i].detach().cpu().numpy(), a[i].detach().cpu().numpy()
    r = np.maximum(np.asarray(X) @ Ub, 0) @ ab - y
    best = 0.5 * float(r @ r) + 0.5 * beta * (float(np.sum(Ub * Ub)) + float(ab @ ab))
    return {"best": best, "finals": L, "U": Ub, "alpha": ab}
