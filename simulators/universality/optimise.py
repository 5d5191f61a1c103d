"""Optimisation of narrow MLPs (many restarts, any depth) with scipy L-BFGS.

Used ONLY as an attempt to beat a certified lower bound: the best network found is returned and its
error is then evaluated exactly elsewhere.  Failure to find a good network is never evidence.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from .pl import MLP, act_float, mlp_from_arrays


def _shapes(d_in, width, depth, d_out):
    dims = [d_in] + [width] * depth + [d_out]
    return [(dims[i + 1], dims[i]) for i in range(len(dims) - 1)]


def _unpack(theta, shapes):
    Ws, bs, k = [], [], 0
    for (o, i) in shapes:
        Ws.append(theta[k:k + o * i].reshape(o, i)); k += o * i
        bs.append(theta[k:k + o]); k += o
    return Ws, bs


def _dact(act, z, a):
    if act == "relu":
        return (z > 0).astype(float)
    if act == "tanh":
        return 1 - a * a
    if act.startswith("leaky:"):
        s = float(eval(act.split(":")[1]))   # rational literal like 1/10
        return np.where(z > 0, 1.0, s)
    raise ValueError(act)


def loss_grad(theta, shapes, X, Y, act, p):
    """Mean |e|^p over grid points and outputs (p even or |.|^p), with its gradient (manual backprop)."""
    Ws, bs = _unpack(theta, shapes)
    hs, zs = [X], []
    h = X
    for li, (W, b) in enumerate(zip(Ws, bs)):
        z = h @ W.T + b
        zs.append(z)
        h = z if li == len(Ws) - 1 else act_float(act, z)
        hs.append(h)
    e = h - Y
    n = e.size
    L = np.mean(np.abs(e) ** p)
    g = p * np.abs(e) ** (p - 1) * np.sign(e) / n
    grads = []
    for li in range(len(Ws) - 1, -1, -1):
        if li < len(Ws) - 1:
            g = g * _dact(act, zs[li], hs[li + 1])
        grads.append((g.T @ hs[li], g.sum(0)))
        g = g @ Ws[li]
    out = []
    for gW, gb in reversed(grads):
        out += [gW.ravel(), gb]
    return L, np.concatenate(out)


def _norm_loss(theta, shapes, X, Y, act, p):
    """(mean |e|^p)^(1/p): the L^p norm itself, so gradients stay well scaled for large p."""
    with np.errstate(all="ignore"):
        L, g = loss_grad(theta, shapes, X, Y, act, p)
    if not (np.isfinite(L) and np.all(np.isfinite(g))):
        return 1e300, np.zeros_like(theta)        # diverged: reject the step
    if L <= 0:
        return 0.0, np.zeros_like(g)
    r = L ** (1.0 / p)
    return r, g * r / (p * L)


def fit_narrow(X, Y, width, depth, act="relu", restarts=8, p=8, maxiter=300, seed=0, scale=1.0):
    """Best-of-restarts L-BFGS fit of a width-`width`, depth-`depth` network to (X, Y) under mean |e|^p
    (p large approximates the sup).  Returns a list of MLPs (float weights), best first by training loss."""
    rng = np.random.default_rng(seed)
    shapes = _shapes(X.shape[1], width, depth, Y.shape[1])
    n = sum(o * i + o for o, i in shapes)
    found = []
    for r in range(restarts):
        theta0 = np.concatenate([np.concatenate([rng.normal(0, scale / np.sqrt(i), o * i), rng.normal(0, 0.5, o)])
                                 for o, i in shapes])
        # ReLU: continuation through leaky ReLUs (slopes 1/5, 1/20) so that dead units still get gradient,
        # then ReLU itself; the final network is a plain ReLU network of the requested width and depth
        stages = ["leaky:1/5", "leaky:1/20", "relu"] if act == "relu" else [act]
        th = theta0
        for a in stages:
            res = minimize(_norm_loss, th, args=(shapes, X, Y, a, p), jac=True, method="L-BFGS-B",
                           options={"maxiter": maxiter, "ftol": 1e-12, "gtol": 1e-10})
            th = res.x
        Ws, bs = _unpack(res.x, shapes)
        found.append((float(res.fun), mlp_from_arrays(Ws, bs, act)))
    found.sort(key=lambda t: t[0])
    return [m for _, m in found]


def fit_small_param(fun, x0s, grid, target, method="Nelder-Mead", maxiter=4000):
    """Minimise the grid sup error of a small parametrised function fun(theta, x) (used for the
    GELU/SiLU width-1 negative strategy).  Returns the best theta."""
    best = None
    for x0 in x0s:
        obj = lambda th: float(np.max(np.abs(fun(th, grid) - target)))
        res = minimize(obj, np.asarray(x0, float), method=method, options={"maxiter": maxiter, "xatol": 1e-9,
                                                                           "fatol": 1e-12})
        if best is None or res.fun < best[0]:
            best = (res.fun, res.x)
    return best[1]


def width1_act_net(theta, x, act):
    """N(x) = c + a * act(w x + b): a width-1 network with one hidden unit."""
    a, w, b, c = theta
    return c + a * act_float(act, w * x + b)
