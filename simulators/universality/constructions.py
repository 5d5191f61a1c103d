"""Exact constructive witnesses (upper sides), all with rational weights.

* running min/max string at width d+1 (pyramid of Hanin-Sellke, max of affine maps of Hanin);
* the self-crossing ("bowtie") curve at width 3 and the bowtie target itself;
* a width-2 bidirectional RNN for the future-input target; the time counter;
* filtered ridge sums as a deep narrow RNN of width d_x+d_y+1 (project's witness for RNN-C);
* the quantise -> concatenate -> memorise -> decode RNN of width max{d_x+1, d_y} (RNN-LP):
  THE PROJECT'S OWN CONSTRUCTION, not the paper's proof.
"""
from __future__ import annotations

import math
from fractions import Fraction as F
from itertools import product

import numpy as np

from .pl import MLP, BiRNN, DeepRNN, RNNLayer


# ----------------------------------------------------------------------------- running min / max
def running_minmax_mlp(d: int, lo, pieces, ops, C=F(10), final_relu=False) -> MLP:
    """Network of hidden width d+1 computing m_K with m_1 = l_1, m_k = op_k(m_{k-1}, l_k).

    pieces: list of (a, c) with l(x) = a.x + c (Fractions); ops[k] in {'min','max'} for k >= 1.
    Valid on the box x >= lo (the carried z = x - lo stays >= 0); C >= -min l_1 on the domain."""
    lo = [F(v) for v in lo]

    def ell_z(a, c):                   # l(x) as a function of z = x - lo: coefficients on z, constant
        return [F(v) for v in a], F(c) + sum(F(ai) * li for ai, li in zip(a, lo))

    layers = []
    a1, c1 = ell_z(*pieces[0])
    # layer 1 (input x): z = relu(x - lo), u1 = relu(l_1(x) + C); m_1 = u1 - C
    W = [[F(int(i == j)) for j in range(d)] for i in range(d)] + [[F(v) for v in pieces[0][0]]]
    b = [-v for v in lo] + [F(pieces[0][1]) + C]
    layers.append((W, b))
    m_z, m_u, m_c = [F(0)] * d, F(1), -C           # m as affine in (z, u)
    for (a, c), op in zip(pieces[1:], ops[1:] if len(ops) == len(pieces) else ops):
        az, cz = ell_z(a, c)
        if op == "min":    # u = relu(l - m); m' = l - u
            row, const = [x - y for x, y in zip(az, m_z)] + [-m_u], cz - m_c
            new = (az, F(-1), cz)
        else:              # u = relu(m - l); m' = l + u
            row, const = [y - x for x, y in zip(az, m_z)] + [m_u], m_c - cz
            new = (az, F(1), cz)
        W = [[F(int(i == j)) for j in range(d)] + [F(0)] for i in range(d)] + [row]
        b = [F(0)] * d + [const]
        layers.append((W, b))
        m_z, m_u, m_c = new
    if final_relu:
        layers.append(([m_z + [m_u]], [m_c]))
        layers.append(([[F(1)]], [F(0)]))
    else:
        layers.append(([m_z + [m_u]], [m_c]))
    return MLP(layers, "relu")


def pyramid_target(x):
    """P(x) = max(0, 1 - |x_1| - |x_2|) (exact for Fractions)."""
    return max(F(0), 1 - abs(x[0]) - abs(x[1])) if isinstance(x[0], F) else max(0.0, 1 - abs(x[0]) - abs(x[1]))


def pyramid_width3(n_maps: int = 4) -> MLP:
    """Hanin-Sellke style pyramid on [-1,1]^2: relu(min_k l_k), l_k = 1 -+ x1 -+ x2; hidden widths 3,3,3,3,1.
    n_maps < 4 drops the last affine maps (used by a mutant: too shallow)."""
    signs = [(1, 1), (1, -1), (-1, 1), (-1, -1)][:n_maps]
    pieces = [([F(-s1), F(-s2)], F(1)) for s1, s2 in signs]
    return running_minmax_mlp(2, [-1, -1], pieces, ["min"] * len(pieces), C=F(10), final_relu=True)


def max_affine_mlp(A, c, lo=None) -> MLP:
    """max_k (A_k . x + c_k) on x >= lo at width d+1, depth = number of maps (Hanin 2019 style)."""
    d = len(A[0])
    lo = lo if lo is not None else [0] * d
    bound = sum(abs(F(v)) for v in A[0]) * 10 + abs(F(c[0])) + 10
    return running_minmax_mlp(d, lo, list(zip(A, c)), ["max"] * len(A), C=F(bound))


# ----------------------------------------------------------------------------- bowtie
BOWTIE_PTS = [(F(-1), F(-1)), (F(1), F(1)), (F(1), F(-1)), (F(-1), F(1))]
BOWTIE_T = [F(0), F(1, 3), F(2, 3), F(1)]


def bowtie_target():
    """Knots and values of the self-crossing curve f: [0,1] -> R^2."""
    return list(BOWTIE_T), [list(p) for p in BOWTIE_PTS]


def bowtie_width3() -> MLP:
    """One hidden layer relu(t), relu(t-1/3), relu(t-2/3), affine readout: exact on [0,1]."""
    P = [np.array(p, dtype=object) for p in BOWTIE_PTS]
    s0 = 3 * (P[1] - P[0])
    s1 = 3 * (P[2] - P[1]) - s0
    s2 = 3 * (P[3] - P[2]) - 3 * (P[2] - P[1])
    W1 = [[F(1)], [F(1)], [F(1)]]
    b1 = [F(0), F(-1, 3), F(-2, 3)]
    W2 = [[s0[i], s1[i], s2[i]] for i in range(2)]
    return MLP([(W1, b1), (W2, list(P[0]))], "relu")


# ----------------------------------------------------------------------------- RNN witnesses
def time_counter() -> DeepRNN:
    """h[t] = relu(h[t-1] + 1) = t exactly."""
    return DeepRNN(P=[[F(0)]], p=[F(0)], layers=[RNNLayer([[F(1)]], [[F(0)]], [F(1)])], Q=[[F(1)]], q=[F(0)])


def brnn_future_input() -> BiRNN:
    """Width-2 BRNN: backward layer h_b[t] = (relu(x[t]), relu(h_b1[t+1])), so output[t] = x[t+1] (x >= 0),
    with x[N+1] := 0.  Forward half: a width-1 zero RNN."""
    bwd = DeepRNN(P=[[F(1)]], p=[F(0)],
                  layers=[RNNLayer(A=[[F(0), F(0)], [F(1), F(0)]], B=[[F(1)], [F(0)]], theta=[F(0), F(0)])],
                  Q=[[F(0), F(1)]], q=[F(0)], reverse=True)
    fwd = DeepRNN(P=[[F(0)]], p=[F(0)], layers=[RNNLayer([[F(0)]], [[F(0)]], [F(0)])], Q=[[F(0)]], q=[F(0)])
    return BiRNN(fwd, bwd, Q=[[F(0), F(1)]], q=[F(0)])


def unidirectional_counterpart() -> DeepRNN:
    """The same width-2 cell run forwards: output[t] = x[t-1] (what a causal RNN can do instead)."""
    return DeepRNN(P=[[F(1)]], p=[F(0)],
                   layers=[RNNLayer(A=[[F(0), F(0)], [F(1), F(0)]], B=[[F(1)], [F(0)]], theta=[F(0), F(0)])],
                   Q=[[F(0), F(1)]], q=[F(0)])


def ridge_target(X, spec):
    """f(X)[t] = c + sum_k a_k relu(sum_{s<=t} lam_k^{t-s} w_k . x[s] + b_k), vector a_k (d_y)."""
    out = []
    for t in range(len(X)):
        y = [F(v) for v in spec["c"]]
        for a, w, lam, b in zip(spec["a"], spec["w"], spec["lam"], spec["b"]):
            z = sum((lam ** (t - s) * sum((wi * xi for wi, xi in zip(w, X[s])), F(0)) for s in range(t + 1)), F(0))
            r = max(F(0), z + b)
            y = [yi + ai * r for yi, ai in zip(y, a)]
        out.append(y)
    return out


def ridge_rnn(spec, d_x: int, N_max: int = 64) -> DeepRNN:
    """Deep narrow RNN of width d_x + d_y + 1 realising ridge_target exactly on x in [0,1]^{d_x}, w_k >= 0.

    Channels: x (carried, >= 0), accumulators shifted by M_y (>= 0), one work channel that alternates
    'recurrent filter z_k' and 'relu(z_k + b_k)'; accumulator updates folded into the next affine map."""
    d_y = len(spec["c"])
    J = len(spec["a"])
    M = sum(abs(v) for v in spec["c"]) + 1
    for a, w, lam, b in zip(spec["a"], spec["w"], spec["lam"], spec["b"]):
        M += sum(abs(v) for v in a) * (sum(w) / (1 - lam) + abs(b))
    w_tot = d_x + d_y + 1
    I = lambda n: [[F(int(i == j)) for j in range(n)] for i in range(n)]
    P = [[F(int(i == j)) for j in range(d_x)] for i in range(d_x)] + [[F(0)] * d_x for _ in range(d_y + 1)]
    p = [F(0)] * d_x + [F(M) + F(v) for v in spec["c"]] + [F(0)]
    layers = []
    prev_a = [F(0)] * d_y            # pending accumulator update a_{k-1} * work
    for k in range(J):
        a, w, lam, b = spec["a"][k], spec["w"][k], spec["lam"][k], spec["b"][k]
        # filter layer: work = relu(lam * work[t-1] + w . x[t]); acc += prev_a * work_prev
        A = [[F(0)] * w_tot for _ in range(w_tot)]
        A[-1][-1] = F(lam)
        B = I(w_tot)
        for i in range(d_y):
            B[d_x + i][-1] = prev_a[i]
        B[-1] = [F(v) for v in w] + [F(0)] * (d_y + 1)
        layers.append(RNNLayer(A, B, [F(0)] * w_tot))
        # relu layer: work = relu(z + b)
        B2 = I(w_tot)
        th = [F(0)] * w_tot
        th[-1] = F(b)
        layers.append(RNNLayer([[F(0)] * w_tot for _ in range(w_tot)], B2, th))
        prev_a = [F(v) for v in a]
    Q = [[F(0)] * d_x + [F(int(i == j)) for j in range(d_y)] + [prev_a[i]] for i in range(d_y)]
    q = [-F(M)] * d_y
    return DeepRNN(P=P, p=p, layers=layers, Q=Q, q=q)


# ----------------------------------------------------------------------------- RNN-LP witness
def staircase_pieces(K: int, delta: F):
    """Affine pieces and ops of the K-bit staircase Q_K on [0,1]: value j 2^-K after the ramp ending at
    j 2^-K (ramps of width delta), as a max-min string (valid when 2^-K > 2 delta)."""
    h = F(1, 2 ** K)
    pieces, ops = [(F(0), F(0))], ["start"]
    for j in range(1, 2 ** K):
        r = j * h
        s = h / delta                                   # ramp slope
        pieces.append((s, -s * (r - delta) + (j - 1) * h))   # through (r - delta, (j-1)h)
        ops.append("max")
        pieces.append((F(0), j * h))
        ops.append("min")
    return pieces, ops


class LpWitness:
    """quantise -> concatenate -> memorise -> decode deep RNN, d_x = 2, d_y = 1, width 3.

    PROJECT'S OWN CONSTRUCTION (spec 6.3), not the paper's proof.  target(cells, t) gives the value
    memorised for a past whose token cells are `cells` (list of (j1, j2) of length t)."""

    def __init__(self, K: int, N: int, delta: F, cell_value, marker=F(1, 2)):
        self.K, self.N, self.delta, self.marker = K, N, F(delta), F(marker)
        h = F(1, 2 ** K)
        self.B = 2 * K + 1
        layers = []
        Z3 = lambda: [[F(0)] * 3 for _ in range(3)]
        pieces, ops = staircase_pieces(K, self.delta)
        # --- encoder stage 1: channels (x1, x2, u); m implicit (affine in x1, u)
        m = (F(0), F(0), F(0))    # m = m[0]*x1 + m[1]*u + m[2]  (starts as l_1 = 0)
        first = True
        for (a, c), op in zip(pieces[1:], ops[1:]):
            if first:     # input channels: (x1, x2) raw; this layer maps from the 2-D token (via P)
                pass
            if op == "max":   # u = relu(m - l); m' = l + u
                row = [m[0] - a, F(0), m[1]]; const = m[2] - c; new = (a, F(1), c)
            else:             # u = relu(l - m); m' = l - u
                row = [a - m[0], F(0), -m[1]]; const = c - m[2]; new = (a, F(-1), c)
            B = [[F(1), F(0), F(0)], [F(0), F(1), F(0)], row]
            layers.append(RNNLayer(Z3(), B, [F(0), F(0), const]))
            m = new
        # materialise Q1 = m (in [0, 1 - h]) on channel 0 and start stage 2 on x2
        q1_row = [m[0], F(0), m[1]]; q1_c = m[2]
        m2 = (F(0), F(0), F(0))   # m2 = m2[0]*x2 + m2[1]*u + m2[2]
        for idx, ((a, c), op) in enumerate(zip(pieces[1:], ops[1:])):
            if op == "max":
                row = [F(0), m2[0] - a, m2[1]]; const = m2[2] - c; new = (a, F(1), c)
            else:
                row = [F(0), a - m2[0], -m2[1]]; const = c - m2[2]; new = (a, F(-1), c)
            if idx == 0:      # this layer also turns channel 0 into Q1 (u of stage 1 read from channel 2)
                B = [q1_row, [F(0), F(1), F(0)], [F(0), row[1], F(0)]]
                th = [q1_c, F(0), const]     # row[2] multiplies u2 which is 0 here (m2 = 0 const)
            else:
                B = [[F(1), F(0), F(0)], [F(0), F(1), F(0)], row]
                th = [F(0), F(0), const]
            layers.append(RNNLayer(Z3(), B, th))
            m2 = new
        # code layer (recurrent concatenation): C[t] = 2^-B C[t-1] + marker + Q1/2 + h Q2/2, Q2 = m2 (marker 1/2 = a 1-bit block marker)
        A = [[F(1, 2 ** self.B)]]
        Bc = [[F(1, 2), m2[0] * h / 2, m2[1] * h / 2]]
        layers.append(RNNLayer(A, Bc, [self.marker + m2[2] * h / 2]))
        # --- memoriser: sorted codes tau_i with values v_i, PL interpolation = v0 + sum ds_i relu(C - tau_i)
        codes = {}
        self.table = {}
        for t in range(1, N + 1):
            for cells in product(range(2 ** K), repeat=2 * t):
                toks = [(cells[2 * s], cells[2 * s + 1]) for s in range(t)]
                Cv = F(0)
                for (j1, j2) in toks:
                    Cv = Cv / 2 ** self.B + self.marker + (j1 * h) / 2 + h * (j2 * h) / 2
                codes[Cv] = cell_value(toks)      # (a collision overwrites: without the marker it happens)
                self.table[tuple(toks)] = Cv
        taus = sorted(codes)
        vals = [F(codes[tau]).limit_denominator(10 ** 12) if not isinstance(codes[tau], F) else codes[tau]
                for tau in taus]
        slopes = [(vals[i + 1] - vals[i]) / (taus[i + 1] - taus[i]) for i in range(len(taus) - 1)] + [F(0)]
        ds = [slopes[0]] + [slopes[i] - slopes[i - 1] for i in range(1, len(slopes))]
        Mshift = max(abs(v) for v in vals) + 2 * max(abs(s) for s in slopes) + 1
        self.n_codes = len(taus)
        # first memoriser layer: (C, acc = M + v0, work = relu(C - tau_0))
        layers.append(RNNLayer(Z3(), [[F(1)], [F(0)], [F(1)]], [F(0), Mshift + vals[0], -taus[0]]))
        for i in range(1, len(taus)):
            B = [[F(1), F(0), F(0)], [F(0), F(1), ds[i - 1]], [F(1), F(0), F(0)]]
            layers.append(RNNLayer(Z3(), B, [F(0), F(0), -taus[i]]))
        Q = [[F(0), F(1), ds[-1]]]
        P = [[F(1), F(0)], [F(0), F(1)], [F(0), F(0)]]
        # the first encoder layer reads (x1, x2, 0) from P
        self.rnn = DeepRNN(P=P, p=[F(0)] * 3, layers=layers, Q=Q, q=[-Mshift])
        self.taus, self.vals = taus, vals

    @property
    def width(self):
        return self.rnn.width

    @property
    def depth(self):
        return self.rnn.depth


# ----------------------------------------------------------------------------- register conversion (KL20, ReLU)
def register_conversion(W1, b1, W2, b2, lo):
    """One-hidden-layer ReLU network x -> W2 relu(W1 x + b1) + b2 (M units) on the box x >= lo, rewritten as a
    deep network of width n + m + 1 and depth M + 1: the input is carried shifted (z = x - lo >= 0), the m
    outputs are accumulated in registers shifted by a constant M_y so they stay >= 0, one hidden unit is
    computed per layer and folded into the registers by the next affine map.  Returns (MLP, M_y).
    ``shift=False`` is not offered: without the shift negative partial sums are clipped (see the mutant)."""
    return _register_conversion(W1, b1, W2, b2, lo, shift=True)


def _register_conversion(W1, b1, W2, b2, lo, shift=True, box_hi=None):
    n, Mu, m = len(W1[0]), len(W1), len(W2)
    lo = [F(v) for v in lo]
    hi = [F(v) for v in box_hi] if box_hi is not None else [v + 2 for v in lo]
    # bound on |partial sums|: sum_k |W2[i][k]| max relu(unit k) over the box, plus |b2|
    def unit_max(k):
        return max(F(0), sum(max(W1[k][j] * lo[j], W1[k][j] * hi[j]) for j in range(n)) + b1[k])
    My = (sum(abs(W2[i][k]) * unit_max(k) for i in range(m) for k in range(Mu)) + sum(abs(v) for v in b2) + 1
          if shift else F(0))
    w = n + m + 1
    layers = []
    # layer 1 from x: z = relu(x - lo), acc = relu(b2 + My), work = relu(W1[0] x + b1[0])
    W = [[F(int(i == j)) for j in range(n)] for i in range(n)] + [[F(0)] * n for _ in range(m)] + [list(W1[0])]
    b = [-v for v in lo] + [F(v) + My for v in b2] + [b1[0]]
    layers.append((W, b))
    for k in range(1, Mu):
        W = [[F(0)] * w for _ in range(w)]
        for i in range(n + m):
            W[i][i] = F(1)
        for i in range(m):
            W[n + i][w - 1] = W2[i][k - 1]
        W[w - 1] = list(W1[k][:n]) + [F(0)] * (m + 1)
        b = [F(0)] * (n + m) + [b1[k] + sum(W1[k][j] * lo[j] for j in range(n))]
        layers.append((W, b))
    Wout = [[F(0)] * n + [F(int(i == j)) for j in range(m)] + [W2[i][Mu - 1]] for i in range(m)]
    layers.append((Wout, [-My] * m))
    return MLP(layers, "relu"), My
