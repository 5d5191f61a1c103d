"""Objectives for fitting L(N, D) = E + A/N^alpha + B/D^beta.

Parameter vector (the log-sum-exp parameterisation of Hoffmann et al. 2022,
Approach 3, as reimplemented by Besiroglu et al. 2024)::

    theta = (a, b, e, alpha, beta),  A = exp(a), B = exp(b), E = exp(e)
    log L_hat(N, D) = LSE(a - alpha log N, b - beta log D, e)

Every objective returns ``(value, gradient)`` with an analytic gradient (checked
against finite differences in tests/unit/test_sim_scaling_fit.py).  Objectives
are *summed* over points unless ``reduction="mean"`` (the loss-scale mistake the
replication identified).
"""
from __future__ import annotations

import numpy as np

PARAM_NAMES = ("a", "b", "e", "alpha", "beta")      # log A, log B, log E, exponents
OBJECTIVES = ("huber", "lad", "mse_log", "mse_L")
HUBER_DELTA = 1e-3                                  # Hoffmann et al. / Epoch: delta = 1e-3 on log-loss
LAD_DELTA = 1e-6                                    # smoothed LAD: Huber with a threshold far below the residuals


def predict_log_loss(theta, logN, logD):
    """log L_hat and the softmax weights (w1, w2, w3) of the three terms (for the gradient)."""
    a, b, e, alpha, beta = (float(v) for v in theta)
    u1 = a - alpha * logN
    u2 = b - beta * logD
    m = np.maximum(np.maximum(u1, u2), e)
    x1, x2, x3 = np.exp(u1 - m), np.exp(u2 - m), np.exp(e - m)
    s = x1 + x2 + x3
    return m + np.log(s), (x1 / s, x2 / s, x3 / s)


def predict_loss(theta, N, D):
    """L_hat(N, D) = E + A N^-alpha + B D^-beta for arrays N, D."""
    lse, _ = predict_log_loss(np.asarray(theta, float), np.log(np.asarray(N, float)), np.log(np.asarray(D, float)))
    return np.exp(lse)


def _grad(w, logN, logD, psi):
    """sum_i psi_i * d log L_hat_i / d theta."""
    w1p, w2p = w[0] * psi, w[1] * psi
    return np.array([w1p.sum(), w2p.sum(), (w[2] * psi).sum(), -(w1p @ logN), -(w2p @ logD)])


def huber(r, delta):
    ar = np.abs(r)
    return np.where(ar <= delta, 0.5 * r * r, delta * (ar - 0.5 * delta))


def huber_psi(r, delta):
    return np.clip(r, -delta, delta)


def objective(theta, logN, logD, logL, kind="huber", delta=None, reduction="sum"):
    """Value and analytic gradient of the fitting objective at theta.

    kind: ``huber`` (Huber_delta on log-residuals, delta default 1e-3), ``lad``
    (least absolute deviation on log L, smoothed as Huber with delta = 1e-6),
    ``mse_log`` (squared log-residuals), ``mse_L`` (squared residuals of L itself).
    reduction: ``sum`` (correct loss scale) or ``mean``.
    """
    theta = np.asarray(theta, dtype=float)
    lse, w = predict_log_loss(theta, logN, logD)
    if kind == "huber" or kind == "lad":
        d = (HUBER_DELTA if kind == "huber" else LAD_DELTA) if delta is None else float(delta)
        r = lse - logL
        val = huber(r, d).sum()
        g = _grad(w, logN, logD, huber_psi(r, d))
    elif kind == "mse_log":
        r = lse - logL
        val = (r * r).sum()
        g = _grad(w, logN, logD, 2.0 * r)
    elif kind == "mse_L":
        Lh = np.exp(lse)
        r = Lh - np.exp(logL)
        val = (r * r).sum()
        g = _grad(w, logN, logD, 2.0 * r * Lh)
    else:
        raise ValueError(f"unknown objective {kind!r}; known: {OBJECTIVES}")
    if reduction == "mean":
        n = logN.size
        return float(val / n), g / n
    if reduction != "sum":
        raise ValueError("reduction must be 'sum' or 'mean'")
    return float(val), g


def effective_delta(kind, delta=None):
    if kind == "huber":
        return HUBER_DELTA if delta is None else float(delta)
    if kind == "lad":
        return LAD_DELTA if delta is None else float(delta)
    return None


def theta_from_params(E, A, B, alpha, beta):
    return np.array([np.log(A), np.log(B), np.log(E), alpha, beta], dtype=float)


def params_from_theta(theta):
    a, b, e, alpha, beta = (float(v) for v in theta)
    return {"E": float(np.exp(e)), "A": float(np.exp(a)), "B": float(np.exp(b)), "alpha": alpha, "beta": beta}
