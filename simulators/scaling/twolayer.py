"""Liu & Tegmark setting: two-layer networks of width N fitted to y = x^2 on [-1, 1] (numbers only).

f(x) = sum_i v_i s(w_i x + b_i) + c with s = SiLU, tanh or ReLU; float64; mean squared error on n_train
equispaced points; trained by Adam (numpy, a warm start) followed by L-BFGS (scipy) to a gradient-norm
tolerance; test MSE on n_test fresh uniform points."""
from __future__ import annotations

import numpy as np
from scipy import optimize


def _act(name, z):
    if name == "silu":
        s = 1 / (1 + np.exp(-z))
        return z * s, s * (1 + z * (1 - s))
    if name == "tanh":
        t = np.tanh(z)
        return t, 1 - t * t
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(float)
    raise ValueError(name)


def _loss_grad(theta, x, y, N, act):
    w, b, v, c = theta[:N], theta[N:2 * N], theta[2 * N:3 * N], theta[3 * N]
    z = np.outer(x, w) + b
    h, dh = _act(act, z)
    r = h @ v + c - y
    n = len(x)
    L = float(r @ r / n)
    g_out = 2 * r / n
    gv = h.T @ g_out
    gz = np.outer(g_out, v) * dh
    return L, np.concatenate([gz.T @ x, gz.sum(0), gv, [g_out.sum()]])


def train(N: int, seed: int, act: str = "silu", n_train: int = 1000, adam_steps: int = 2000,
          lbfgs_iter: int = 5000, n_test: int = 10_000):
    """Returns (test MSE, final gradient norm)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(-1, 1, n_train)
    y = x ** 2
    th = np.concatenate([rng.standard_normal(N) * 2, rng.uniform(-2, 2, N), rng.standard_normal(N) / np.sqrt(N), [0.0]])
    m, s = np.zeros_like(th), np.zeros_like(th)
    lr, b1, b2 = 1e-2, 0.9, 0.999
    for t in range(1, adam_steps + 1):
        _, g = _loss_grad(th, x, y, N, act)
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        th -= lr * (m / (1 - b1 ** t)) / (np.sqrt(s / (1 - b2 ** t)) + 1e-12)
    res = optimize.minimize(_loss_grad, th, args=(x, y, N, act), jac=True, method="L-BFGS-B",
                            options={"maxiter": lbfgs_iter, "gtol": 1e-12, "ftol": 0.0, "maxcor": 30})
    th = res.x
    xt = np.random.default_rng(seed + 10 ** 6).uniform(-1, 1, n_test)
    w, b, v, c = th[:N], th[N:2 * N], th[2 * N:3 * N], th[3 * N]
    pred = _act(act, np.outer(xt, w) + b)[0] @ v + c
    g = _loss_grad(th, x, y, N, act)[1]
    return float(np.mean((pred - xt ** 2) ** 2)), float(np.linalg.norm(g))
