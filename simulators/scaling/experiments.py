"""Composite experiments on the engine (numbers only): learning curves for a grid of model sizes."""
from __future__ import annotations

import math

import numpy as np

from .model import draw_instance, to_numpy
from .recursion import gd_risk, pad_batch, sgd_risk


def learning_curves(spec_fn, ds, v_of_d, r_max: int, B: float = 1.0, seed: int = 0, n_records: int = 400,
                    lr_scale: float = 0.5, xp=None, device=None, device_rng: bool = False):
    """Exact expected-risk curves L_d(r) (MSE) for every d in ``ds`` (one batched recursion).

    spec_fn(v) -> Spectrum; v_of_d(d) -> latent dimension; learning rate gamma = lr_scale / tr K per d;
    B = inf -> full-batch GD (closed form).  Returns dict(times, L (len(ds), n_records), sigma2, gamma)."""
    insts = [draw_instance(spec_fn(v_of_d(d)), d, seed + 7919 * k, xp=xp, device=device, device_rng=device_rng)
             for k, d in enumerate(ds)]
    trK = np.array([float(to_numpy(i.mu).sum()) for i in insts])
    gamma = lr_scale / trK
    times = np.unique(np.round(np.geomspace(1, r_max, n_records)).astype(int))
    mu, c0, s2 = pad_batch(insts, xp=xp, device=device)
    if math.isinf(B):
        L = gd_risk(mu, c0, s2, gamma, times, xp=xp)
    else:
        full = sgd_risk(mu, c0, s2, gamma, B, r_max, xp=xp)
        L = full[:, times]
    return {"times": times, "L": to_numpy(L), "sigma2": np.array([i.sigma2 for i in insts]), "gamma": gamma}


def ridge_curve(spec, Ns, P: int, seed: int, ridge=None, dps: int = 25):
    """Semi-deterministic equivalent of ridge regression with N nested random features and P samples:
    for each N the drawn instance's feature spectrum (mu_i, weights mu_i c_i, noise L_a) goes into the
    kernel DE with P samples (``de.loss_kernel`` on an ``ArraySpectrum``).  ridge=None: the ridge is
    optimised (bounded scalar search in log10 ridge over [-8, 1], xatol 1e-3).  Returns (L, log10 ridge)."""
    from scipy.optimize import minimize_scalar

    from . import de
    lam, tw = spec.arrays()
    A = np.sqrt(lam)[:, None] * np.random.default_rng(seed).standard_normal((lam.shape[0], max(Ns)))
    y = np.sqrt(tw)
    out, lr = [], []
    for N in Ns:
        An = A[:, :N] / np.sqrt(N)
        mu, U = np.linalg.eigh(An.T @ An)
        g = U.T @ (An.T @ y)
        th = U @ (g / mu)
        res = y - An @ th
        sp = de.ArraySpectrum(mu, mu * (g / mu) ** 2)
        f = lambda r: float(de.loss_kernel(sp, P, 10.0 ** r, float(res @ res), dps=dps))
        if ridge is None:
            r = minimize_scalar(f, bounds=(-8, 1), method="bounded", options={"xatol": 1e-3})
            out.append(float(r.fun))
            lr.append(float(r.x))
        else:
            out.append(f(np.log10(ridge)))
            lr.append(float(np.log10(ridge)))
    return np.array(out), np.array(lr)
