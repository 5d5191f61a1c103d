"""Exact piecewise-linear (PL) machinery for narrow networks.

* ``MLP``: x -> A_{L+1} s(A_L ... s(A_1 x + b_1) ... + b_L) + b_{L+1}; width = max hidden size.
  Evaluated exactly over ``fractions.Fraction`` (relu, leaky:<slope>, identity, step) or in
  float64 with numpy (all activations, incl. tanh, sigmoid, softplus, elu, gelu, silu).
* ``breakpoints_1d``: exact 1-D breakpoint propagation of a scalar-input PL network on [a, b]:
  returns knots and output values; the network is the linear interpolant of those (exact).
* ``pl_errors``: exact sup / L1 / L2 errors between two PL curves (merged knots).
* ``DeepRNN`` / ``BiRNN``: h_l[t] = s(A_l h_l[t-1] + B_l h_{l-1}[t] + theta_l), h_l[0] = 0,
  h_0[t] = P x[t] + p, y[t] = Q h_L[t] + q; exact (Fraction) and float64 evaluators.

No verdict logic here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction as F
from typing import Sequence

import numpy as np

EXACT_ACTS = ("relu", "identity", "step")      # plus "leaky:<p/q>"


# ----------------------------------------------------------------------------- activations
def _leaky_slope(act: str):
    return F(act.split(":", 1)[1]) if act.startswith("leaky:") else None


def act_exact(act: str, z):
    if act == "relu":
        return z if z > 0 else F(0)
    if act == "identity":
        return z
    if act == "step":
        return F(1) if z >= 0 else F(0)
    s = _leaky_slope(act)
    if s is not None:
        return z if z > 0 else s * z
    raise ValueError(f"activation {act!r} has no exact rational evaluation")


def act_float(act: str, z: np.ndarray) -> np.ndarray:
    if act == "relu":
        return np.maximum(z, 0.0)
    if act == "identity":
        return z
    if act == "step":
        return (z >= 0).astype(float)
    if act == "tanh":
        return np.tanh(z)
    if act == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if act == "softplus":
        return np.logaddexp(0.0, z)
    if act == "elu":
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))
    if act == "silu":
        return z * 0.5 * (1.0 + np.tanh(0.5 * z))
    if act == "gelu":
        from scipy.special import erf
        return 0.5 * z * (1.0 + erf(z / math.sqrt(2.0)))
    s = _leaky_slope(act)
    if s is not None:
        return np.where(z > 0, z, float(s) * z)
    raise ValueError(f"unknown activation {act!r}")


def is_pl(act: str) -> bool:
    return act in ("relu", "identity") or act.startswith("leaky:")


# ----------------------------------------------------------------------------- MLP
@dataclass
class MLP:
    """layers: list of (W, b), W of shape (out, in) as nested lists (Fraction or float)."""
    layers: list
    act: str = "relu"

    @property
    def widths(self) -> list[int]:
        return [len(W) for W, _ in self.layers[:-1]]

    @property
    def width(self) -> int:
        return max(self.widths, default=0)

    @property
    def depth(self) -> int:          # number of hidden layers
        return len(self.layers) - 1

    @property
    def n_params(self) -> int:
        return sum(len(W) * len(W[0]) + len(b) for W, b in self.layers)

    def to_fraction(self) -> "MLP":
        return MLP([([[F(v) for v in row] for row in W], [F(v) for v in b]) for W, b in self.layers], self.act)

    def exact(self, x: Sequence) -> list:
        h = [F(v) for v in x]
        for i, (W, b) in enumerate(self.layers):
            z = [sum((wi * hi for wi, hi in zip(row, h) if wi and hi), F(0)) + bi for row, bi in zip(W, b)]
            h = z if i == len(self.layers) - 1 else [act_exact(self.act, v) for v in z]
        return h

    def float(self, X: np.ndarray) -> np.ndarray:
        h = np.asarray(X, dtype=float)
        for i, (W, b) in enumerate(self.layers):
            z = h @ np.asarray(W, dtype=float).T + np.asarray(b, dtype=float)
            h = z if i == len(self.layers) - 1 else act_float(self.act, z)
        return h

    def lipschitz_bound(self) -> float:
        """Product of spectral norms (activations 1-Lipschitz: relu, leaky, tanh, sigmoid, ...)."""
        return float(np.prod([np.linalg.norm(np.asarray(W, dtype=float), 2) for W, _ in self.layers]))

    def precompose_affine(self, M, c) -> "MLP":
        """The network x -> N(M x + c) (folds an affine input map into the first layer)."""
        W, b = self.layers[0]
        W2 = [[sum(W[i][k] * M[k][j] for k in range(len(M))) for j in range(len(M[0]))] for i in range(len(W))]
        b2 = [b[i] + sum(W[i][k] * c[k] for k in range(len(c))) for i in range(len(W))]
        return MLP([(W2, b2)] + list(self.layers[1:]), self.act)


def mlp_from_arrays(Ws, bs, act="relu") -> MLP:
    return MLP([(np.asarray(W, float).tolist(), np.asarray(b, float).tolist()) for W, b in zip(Ws, bs)], act)


# ----------------------------------------------------------------------------- 1-D breakpoints
def _affine(W, b, v):
    return [sum((wi * vi for wi, vi in zip(row, v)), type(bi)(0)) + bi for row, bi in zip(W, b)]


def breakpoints_1d(net: MLP, a, b):
    """Exact PL representation of a scalar-input PL network on [a, b].

    Returns (knots, values): knots sorted, values[k] the output vector at knots[k]; the
    network equals the linear interpolant.  Exact when weights and a, b are Fractions."""
    if not is_pl(net.act):
        raise ValueError("breakpoint propagation needs a piecewise-linear activation")
    slope = F(0) if net.act == "relu" else (F(1) if net.act == "identity" else _leaky_slope(net.act))
    ts = [a, b]
    vals = [[a], [b]]
    for li, (W, bias) in enumerate(net.layers):
        pre = [_affine(W, bias, v) for v in vals]
        if li == len(net.layers) - 1:
            return ts, pre
        if net.act == "identity":
            vals = pre
            continue
        new_t, new_v = [ts[0]], [pre[0]]
        for k in range(len(ts) - 1):
            t0, t1, p0, p1 = ts[k], ts[k + 1], pre[k], pre[k + 1]
            cuts = set()
            for j in range(len(p0)):
                if (p0[j] < 0 < p1[j]) or (p1[j] < 0 < p0[j]):
                    cuts.add(p0[j] / (p0[j] - p1[j]))      # fraction of the segment
            for s in sorted(cuts):
                new_t.append(t0 + s * (t1 - t0))
                new_v.append([x0 + s * (x1 - x0) for x0, x1 in zip(p0, p1)])
            new_t.append(t1)
            new_v.append(p1)
        ts = new_t
        vals = [[z if z > 0 else slope * z for z in v] for v in new_v]
    raise AssertionError("unreachable")


def interp_pl(knots, values, t):
    """Value of the PL interpolant at t (exact for Fractions); values: list of vectors."""
    import bisect
    k = bisect.bisect_right(knots, t) - 1
    k = min(max(k, 0), len(knots) - 2)
    t0, t1 = knots[k], knots[k + 1]
    s = (t - t0) / (t1 - t0) if t1 != t0 else 0
    return [v0 + s * (v1 - v0) for v0, v1 in zip(values[k], values[k + 1])]


def simplify_knots(knots, values):
    """Drop knots where the interpolant is straight (exact for Fractions)."""
    keep_t, keep_v = [knots[0]], [values[0]]
    for k in range(1, len(knots) - 1):
        t0, t1, t2 = keep_t[-1], knots[k], knots[k + 1]
        v0, v1, v2 = keep_v[-1], values[k], values[k + 1]
        if t1 == t0:
            continue
        collinear = all((y1 - y0) * (t2 - t0) == (y2 - y0) * (t1 - t0) for y0, y1, y2 in zip(v0, v1, v2))
        if not collinear:
            keep_t.append(t1)
            keep_v.append(v1)
    keep_t.append(knots[-1])
    keep_v.append(values[-1])
    return keep_t, keep_v


def pl_errors(knots1, vals1, knots2, vals2, norm: str = "l2"):
    """Exact errors between two PL curves on a common interval.

    Returns dict with 'sup' ('sup2' = exact squared Euclidean sup for vector outputs), and
    'L1' and 'L2sq' for scalar outputs (integrals over the interval).  Vector outputs: sup only,
    with the Euclidean ('l2') or max ('linf') output norm; the sup of a convex function of an
    affine map over a segment is attained at a knot, so merging knots makes it exact."""
    ts = sorted(set(knots1) | set(knots2))
    e = []
    for t in ts:
        a = interp_pl(knots1, vals1, t)
        b = interp_pl(knots2, vals2, t)
        e.append([x - y for x, y in zip(a, b)])
    out = {"knots": len(ts)}
    if norm == "linf" or len(e[0]) == 1:
        out["sup"] = max(max(abs(v) for v in ev) for ev in e)          # exact
    else:
        out["sup2"] = max(sum(v * v for v in ev) for ev in e)          # exact squared Euclidean sup
        out["sup"] = math.sqrt(float(out["sup2"]))
    if len(e[0]) == 1:
        L1 = 0
        L2 = 0
        for k in range(len(ts) - 1):
            h = ts[k + 1] - ts[k]
            e0, e1 = e[k][0], e[k + 1][0]
            L2 += h * (e0 * e0 + e0 * e1 + e1 * e1) / 3
            if e0 * e1 >= 0:
                L1 += h * (abs(e0) + abs(e1)) / 2
            else:
                L1 += h * (e0 * e0 + e1 * e1) / (2 * (abs(e0) + abs(e1)))
        out["L1"], out["L2sq"] = L1, L2
    return out


# ----------------------------------------------------------------------------- deep RNNs
@dataclass
class RNNLayer:
    A: list          # (w, w) recurrent
    B: list          # (w, w_prev) input
    theta: list      # (w,)
    act: str = "relu"    # per layer ("identity" for a modified cell)


@dataclass
class DeepRNN:
    P: list                       # (w0, d_x) token-wise input map
    p: list
    layers: list                  # RNNLayer
    Q: list                       # (d_y, w_L) token-wise readout
    q: list
    reverse: bool = False         # process the sequence backwards (backward half of a BRNN)

    @property
    def widths(self) -> list[int]:
        return [len(self.P)] + [len(L.theta) for L in self.layers]

    @property
    def width(self) -> int:
        return max(self.widths)

    @property
    def depth(self) -> int:
        return len(self.layers)

    def exact(self, X: Sequence[Sequence]) -> list:
        """X: list of N tokens (each a d_x list); returns N output tokens, exact Fractions."""
        seq = [[F(v) for v in x] for x in X]
        order = range(len(seq) - 1, -1, -1) if self.reverse else range(len(seq))
        H = [_affine(self.P, [F(v) for v in self.p], [F(v) for v in x]) for x in seq]
        for L in self.layers:
            A = [[F(v) for v in r] for r in L.A]
            B = [[F(v) for v in r] for r in L.B]
            th = [F(v) for v in L.theta]
            out = [None] * len(seq)
            prev = [F(0)] * len(th)
            for t in order:
                z = [sum((a * h for a, h in zip(ra, prev)), F(0)) + sum((bb * h for bb, h in zip(rb, H[t])), F(0)) + c
                     for ra, rb, c in zip(A, B, th)]
                prev = [act_exact(L.act, v) for v in z]
                out[t] = prev
            H = out
        return [_affine(self.Q, [F(v) for v in self.q], h) for h in H]

    def float(self, X: np.ndarray) -> np.ndarray:
        """X: (n, N, d_x) -> (n, N, d_y), float64; layers without recurrence are vectorised over t."""
        X = np.asarray(X, dtype=float)
        n, N, _ = X.shape
        H = X @ np.asarray(self.P, float).T + np.asarray(self.p, float)
        ts = range(N - 1, -1, -1) if self.reverse else range(N)
        for L in self.layers:
            A = np.asarray(L.A, float)
            Z = H @ np.asarray(L.B, float).T + np.asarray(L.theta, float)
            if not A.any():
                H = act_float(L.act, Z)
                continue
            out = np.empty_like(Z)
            prev = np.zeros((n, Z.shape[2]))
            for t in ts:
                prev = act_float(L.act, Z[:, t] + prev @ A.T)
                out[:, t] = prev
            H = out
        return H @ np.asarray(self.Q, float).T + np.asarray(self.q, float)


@dataclass
class BiRNN:
    """Bidirectional: a forward and a backward deep RNN, outputs concatenated then read out."""
    fwd: DeepRNN
    bwd: DeepRNN
    Q: list = field(default_factory=list)    # (d_y, dy_f + dy_b)
    q: list = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(self.fwd.width, self.bwd.width)

    def exact(self, X):
        a, b = self.fwd.exact(X), self.bwd.exact(X)
        return [_affine([[F(v) for v in r] for r in self.Q], [F(v) for v in self.q], ya + yb) for ya, yb in zip(a, b)]
