"""Experiments on narrow networks: exact error evaluation of candidates, random networks, the
maximum-principle gap, and the L^p witness error measurement.  Numerics only (no verdicts)."""
from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
from scipy.optimize import minimize_scalar

from . import constructions as C
from .optimise import fit_narrow
from .pl import MLP, act_float, breakpoints_1d, is_pl, mlp_from_arrays, pl_errors

HAT = ([F(0), F(1, 2), F(1)], [[F(0)], [F(1)], [F(0)]])
# sup |act'| for the Lipschitz slack of grid sups (tanh, sigmoid: 1, 1/4; gelu 1.129; silu 1.0999)
ACT_LIP = {"relu": 1.0, "tanh": 1.0, "sigmoid": 0.25, "softplus": 1.0, "elu": 1.0, "gelu": 1.13, "silu": 1.1}


def hat_float(x):
    return 1.0 - np.abs(2.0 * np.asarray(x) - 1.0)


def random_mlp(rng, d_in, width, depth, d_out, act="relu", scale=1.0) -> MLP:
    dims = [d_in] + [width] * depth + [d_out]
    Ws = [rng.normal(0, scale / math.sqrt(dims[i]), (dims[i + 1], dims[i])) for i in range(len(dims) - 1)]
    bs = [rng.normal(0, scale * 0.5, dims[i + 1]) for i in range(len(dims) - 1)]
    return mlp_from_arrays(Ws, bs, act)


def exact_errors_1d(net: MLP, target=HAT, a=F(0), b=F(1), norm="l2"):
    """Exact (rational) sup / L1 / L2^2 errors of a PL network against a PL target on [a, b]:
    float weights are converted to the rationals they are, breakpoints propagated exactly."""
    fr = net.to_fraction()
    kn, vals = breakpoints_1d(fr, a, b)
    return pl_errors(kn, vals, target[0], target[1], norm=norm)


def grid_sup_1d(net: MLP, target_fn, lip_target, a=0.0, b=1.0, n=20001):
    """Sup error on a uniform grid (endpoints and midpoint included) and a certified upper bound
    grid + (Lip(N) + Lip(f)) h/2, Lip(N) <= prod ||W||_2 * sup|act'|^depth."""
    x = np.linspace(a, b, n)
    e = np.abs(net.float(x[:, None])[:, 0] - target_fn(x))
    lipN = net.lipschitz_bound() * ACT_LIP.get(net.act, 1.0) ** net.depth
    h = (b - a) / (n - 1)
    return float(e.max()), float(e.max() + (lipN + lip_target) * h / 2)


def best_width_nets_1d(width, depths, act="relu", restarts=6, p=8, seed=0, n_grid=201, d_out=1, target="hat"):
    """Optimised candidates (many restarts, each depth) for the hat (or the bowtie when d_out = 2)."""
    x = np.linspace(0, 1, n_grid)[:, None]
    if target == "hat":
        Y = hat_float(x)
    else:
        kn, vals = C.bowtie_target()
        Y = np.stack([np.interp(x[:, 0], [float(t) for t in kn], [float(v[i]) for v in vals]) for i in range(2)], 1)
    out = {}
    for L in depths:
        out[L] = fit_narrow(x, Y, width, L, act=act, restarts=restarts, p=p, seed=seed + 7919 * L)
    return out


# ----------------------------------------------------------------------------- 2-D: pyramid, maximum principle
def _edge_net(net: MLP, P0, P1):
    """The restriction s -> N(P0 + s (P1 - P0)), s in [0, 1], as a scalar-input network."""
    M = [[P1[0] - P0[0]], [P1[1] - P0[1]]]
    return net.precompose_affine(M, list(P0))


def boundary_extrema(net: MLP, box, n_edge=400001, refine=True):
    """(max, min) of a scalar network over the boundary of a box [l1,u1]x[l2,u2]: exact (breakpoints in
    rationals) for PL activations; for smooth ones a dense sample refined by bounded 1-D optimisation
    (a lower estimate of the max / upper estimate of the min), with the sampling slack returned."""
    (l1, u1), (l2, u2) = box
    corners = [(l1, l2), (u1, l2), (u1, u2), (l1, u2)]
    mx, mn, slack = -math.inf, math.inf, 0.0
    for k in range(4):
        P0, P1 = corners[k], corners[(k + 1) % 4]
        en = _edge_net(net, P0, P1)
        if is_pl(net.act):
            kn, vals = breakpoints_1d(en.to_fraction(), F(0), F(1))
            mx = max(mx, max(float(v[0]) for v in vals))
            mn = min(mn, min(float(v[0]) for v in vals))
        else:
            s = np.linspace(0, 1, n_edge)
            y = en.float(s[:, None])[:, 0]
            i, j = int(np.argmax(y)), int(np.argmin(y))
            vmax, vmin = float(y[i]), float(y[j])
            if refine:
                h = 1.0 / (n_edge - 1)
                r = minimize_scalar(lambda t: -en.float(np.array([[t]]))[0, 0],
                                    bounds=(max(0, s[i] - h), min(1, s[i] + h)), method="bounded")
                vmax = max(vmax, -float(r.fun))
                r = minimize_scalar(lambda t: en.float(np.array([[t]]))[0, 0],
                                    bounds=(max(0, s[j] - h), min(1, s[j] + h)), method="bounded")
                vmin = min(vmin, float(r.fun))
            mx, mn = max(mx, vmax), min(mn, vmin)
            lip = en.lipschitz_bound() * ACT_LIP.get(net.act, 1.0) ** net.depth
            slack = max(slack, lip / (n_edge - 1) / 2)
    return mx, mn, slack


def max_principle_gap(net: MLP, box, n_int=201):
    """D = max(interior grid max - boundary max, boundary min - interior grid min), with the slack by
    which the boundary sampling may understate the boundary extremes (0 for PL activations)."""
    (l1, u1), (l2, u2) = box
    g1, g2 = np.meshgrid(np.linspace(l1, u1, n_int), np.linspace(l2, u2, n_int))
    y = net.float(np.stack([g1.ravel(), g2.ravel()], 1))[:, 0]
    bmax, bmin, slack = boundary_extrema(net, box)
    return max(float(y.max()) - bmax, bmin - float(y.min())), slack


def pyramid_sup_interval(net: MLP, n=201):
    """Certified interval for sup_{[-1,1]^2} |N - P|: lower = max of |1 - N(0)| and the exact boundary
    extremes |N| (P = 0 there) and the grid; upper = grid sup + (Lip N + sqrt2) h / sqrt2."""
    bmax, bmin, slack = boundary_extrema(net, ((-1.0, 1.0), (-1.0, 1.0)))
    g = np.linspace(-1, 1, n)
    g1, g2 = np.meshgrid(g, g)
    X = np.stack([g1.ravel(), g2.ravel()], 1)
    P = np.maximum(0, 1 - np.abs(X[:, 0]) - np.abs(X[:, 1]))
    e = np.abs(net.float(X)[:, 0] - P)
    lower = max(float(e.max()), abs(bmax), abs(bmin))
    h = 2.0 / (n - 1)
    upper = float(e.max()) + (net.lipschitz_bound() + math.sqrt(2)) * h / math.sqrt(2)
    return lower, max(lower, upper)


def pyramid_candidates(width, depths, restarts, seed, p=8, n_grid=21):
    g = np.linspace(-1, 1, n_grid)
    g1, g2 = np.meshgrid(g, g)
    X = np.stack([g1.ravel(), g2.ravel()], 1)
    Y = np.maximum(0, 1 - np.abs(X[:, 0]) - np.abs(X[:, 1]))[:, None]
    return {L: fit_narrow(X, Y, width, L, restarts=restarts, p=p, seed=seed + 31 * L) for L in depths}


# ----------------------------------------------------------------------------- RNN-LP witness
LIP_F = math.sqrt(math.pi ** 2 + 1)      # Lipschitz constant of the past-average target below
F_SUP = 1.0


def lp_target(X):
    """Causal target f(X)[t] = (1/t) sum_{s<=t} sin(pi x1[s]) x2[s], X: (n, N, 2) -> (n, N)."""
    v = np.sin(np.pi * X[..., 0]) * X[..., 1]
    return np.cumsum(v, axis=1) / np.arange(1, X.shape[1] + 1)


def lp_cell_value(K):
    h = 1.0 / 2 ** K

    def val(toks):
        return F(float(np.mean([math.sin(math.pi * (j1 + .5) * h) * (j2 + .5) * h for j1, j2 in toks]))
                 ).limit_denominator(10 ** 9)
    return val


def lp_delta(K):
    return F(1, 2 ** (2 * K + 4))


_LP_CACHE: dict = {}


def lp_witness(K, N, marker=F(1, 2)):
    key = (K, N, marker)
    if key not in _LP_CACHE:
        _LP_CACHE[key] = C.LpWitness(K, N, lp_delta(K), lp_cell_value(K), marker=marker)
    return _LP_CACHE[key]


_LP_ERR: dict = {}


def lp_errors(K, N, n, seed):
    """Per-sequence L1 errors (1/N) sum_t |f(X)[t] - RNN(X)[t]| on n uniform sequences (float64)."""
    key = (K, N, n, seed)
    if key not in _LP_ERR:
        W = lp_witness(K, N)
        X = np.random.default_rng(seed).random((n, N, 2))
        _LP_ERR[key] = np.abs(W.rnn.float(X)[..., 0] - lp_target(X)).mean(axis=1)
    return _LP_ERR[key]


def lp_band_sup(K, N, n_scan=401):
    """Sup error along a scan of x1 through the staircase ramp nearest 1/2 (x2 = 0.05, all tokens
    equal): lower estimate of the uniform error of the witness."""
    W = lp_witness(K, N)
    h = 2.0 ** -K
    r = round(0.5 / h) * h
    d = float(lp_delta(K))
    x1 = np.linspace(r - d, r, n_scan)
    X = np.zeros((n_scan, N, 2))
    X[..., 0] = x1[:, None]
    X[..., 1] = 0.05
    return float(np.abs(W.rnn.float(X)[..., 0] - lp_target(X)).max())
