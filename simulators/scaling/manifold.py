"""Bahri et al. resolution-limited regime on a d-dimensional manifold: interpolation of a smooth
periodic target on the torus T^d from D random points (numbers only)."""
from __future__ import annotations

import numpy as np
from scipy.interpolate import LinearNDInterpolator, interp1d
from scipy.spatial import cKDTree


def target(x, k_max: int = 3):
    """f(x) = sum_{k=1..k_max} cos(k . x) / k on [0, 2 pi)^d (one frequency vector per axis and the diagonal)."""
    x = np.atleast_2d(x)
    d = x.shape[1]
    out = np.zeros(x.shape[0])
    for k in range(1, k_max + 1):
        for i in range(d):
            out += np.cos(k * x[:, i]) / k
        out += np.cos(k * x.sum(1)) / (k * k)
    return out


def _periodic_copy(x, y, pad=0.25):
    """Replicate points near the faces so the interpolant covers the whole torus cell."""
    d = x.shape[1]
    L = 2 * np.pi
    xs, ys = [x], [y]
    for shift in np.array(np.meshgrid(*[[-1, 0, 1]] * d)).reshape(d, -1).T:
        if not shift.any():
            continue
        xx = x + shift * L
        m = np.all((xx > -pad * L) & (xx < (1 + pad) * L), axis=1)
        xs.append(xx[m])
        ys.append(y[m])
    return np.vstack(xs), np.concatenate(ys)


def interpolation_mse(d: int, D: int, seed: int, method: str = "linear", n_test: int = 4000):
    """Test MSE of piecewise-linear (Delaunay / 1-D linear) or 1-nearest-neighbour regression."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2 * np.pi, (D, d))
    y = target(x)
    xt = rng.uniform(0, 2 * np.pi, (n_test, d))
    yt = target(xt)
    xp, yp = _periodic_copy(x, y)
    if method == "nn":
        pred = yp[cKDTree(xp).query(xt)[1]]
    elif d == 1:
        o = np.argsort(xp[:, 0])
        pred = interp1d(xp[o, 0], yp[o])(xt[:, 0])
    else:
        pred = LinearNDInterpolator(xp, yp)(xt)
    return float(np.mean((pred - yt) ** 2))
