"""Bit-extraction memoriser (mechanism of Vardi-Yehudai-Shamir, 1-D projected data): N separated points
in [0,1] with binary labels, O(sqrt(N) log N) parameters, weights carrying Theta(sqrt(N) log N) bits.

Construction (the project's, following the spec's 7.1(b) recipe; the paper's width 12 and depth formula are
UNCONFIRMED):
* blocks of b = ceil(sqrt N) consecutive points; block beta stores two rational words:
  U_beta = the R-bit quantised thresholds between its consecutive points, V_beta = its labels (1 bit each);
* fetch (one layer per block): U(x), V(x) = the words of x's block, via steep ramps at the block boundaries;
* extract (b (R + 2) layers): peel threshold bits from U by exact bit extraction
  bit = relu(2^L z + 1) - relu(2^L z) with z = U' - 1/2 (exact for words of L bits), and update the
  output when x passes a threshold: out += [x >= tau_j] (y_{j+1} - out) via relu products of binaries.
Channels: x, U', V', tau, out, 2 work units; hidden width 7.
"""
from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np

from .pl import MLP


def dataset(N: int, seed: int):
    """Points (2i+1)/(4N) + rational jitter in [-1/(16N), 1/(16N)] (in [0, 1/2], separation >= 3/(8N)),
    random labels."""
    rng = np.random.default_rng(seed)
    jit = rng.integers(-8, 9, N)
    xs = [F(2 * i + 1, 4 * N) + F(int(j), 128 * N) for i, j in enumerate(jit)]
    ys = [int(v) for v in rng.integers(0, 2, N)]
    return xs, ys


class Memoriser:
    def __init__(self, xs, ys):
        N = len(xs)
        self.N = N
        b = max(1, math.isqrt(N - 1) + 1)
        nb = -(-N // b)
        sep = min(xs[i + 1] - xs[i] for i in range(N - 1)) if N > 1 else F(1)
        R = 1
        while F(1, 2 ** R) > sep / 4:
            R += 1
        self.b, self.nb, self.R = b, nb, R
        blocks = [list(range(k * b, min(N, (k + 1) * b))) for k in range(nb)]
        Us, Vs = [], []
        for blk in blocks:
            U = F(0)
            for j in range(len(blk) - 1):
                mid = (xs[blk[j]] + xs[blk[j + 1]]) / 2
                tau = F(math.floor(mid * 2 ** R), 2 ** R)           # quantised threshold, R bits
                U += tau * F(1, 2 ** (R * j))                         # tau_j occupies bits R j + 1 .. R (j+1)
            for j in range(len(blk) - 1, b - 1):                      # pad: thresholds above 1 never pass
                U += (1 - F(1, 2 ** R)) * F(1, 2 ** (R * j))
            V = sum((F(ys[i], 2 ** (j + 1)) for j, i in enumerate(blk)), F(0))
            Us.append(U)
            Vs.append(V)
        self.L = R * b + b + 2                                        # bits per word (upper bound)
        bounds_ = [(xs[blocks[k][0] - 1] + xs[blocks[k][0]]) / 2 for k in range(1, nb)]
        s_fetch = 4 / sep                                             # ramps exact at distance >= sep/4
        self.word_bits = max(max(u.denominator.bit_length(), v.denominator.bit_length()) for u, v in zip(Us, Vs))
        layers = []
        W = 7
        Z = lambda: [[F(0)] * W for _ in range(W)]
        ch = dict(x=0, U=1, V=2, tau=3, out=4, r1=5, r2=6)

        def carry(M, names):
            for n in names:
                M[ch[n]][ch[n]] = F(1)

        # ---- layer 0 from the input x: x, U = U_0, V = V_0, ramps for boundary 1
        def fetch_layer(prev_has_ramps, k_next, dU, dV, first=False):
            M, c = Z(), [F(0)] * W
            if first:
                M = [[F(0)] for _ in range(W)]
                M[ch["x"]][0] = F(1)
                c[ch["U"]], c[ch["V"]] = Us[0], Vs[0]
                if k_next is not None:
                    M[ch["r1"]][0] = s_fetch
                    M[ch["r2"]][0] = s_fetch
                    c[ch["r1"]] = -s_fetch * bounds_[k_next] + F(1, 2)
                    c[ch["r2"]] = -s_fetch * bounds_[k_next] - F(1, 2)
                return M, c
            carry(M, ["x", "U", "V"])
            if prev_has_ramps:      # fold U += dU (r1 - r2), V += dV (r1 - r2)
                M[ch["U"]][ch["r1"]], M[ch["U"]][ch["r2"]] = dU, -dU
                M[ch["V"]][ch["r1"]], M[ch["V"]][ch["r2"]] = dV, -dV
            if k_next is not None:
                M[ch["r1"]][ch["x"]] = s_fetch
                M[ch["r2"]][ch["x"]] = s_fetch
                c[ch["r1"]] = -s_fetch * bounds_[k_next] + F(1, 2)
                c[ch["r2"]] = -s_fetch * bounds_[k_next] - F(1, 2)
            return M, c

        layers.append(fetch_layer(False, 0 if nb > 1 else None, None, None, first=True))
        for k in range(1, nb):
            layers.append(fetch_layer(True, k if k < nb - 1 else None, Us[k] - Us[k - 1], Vs[k] - Vs[k - 1]))
        # out = first label of the block = leading bit of V: extract it
        sL = F(2 ** self.L)

        def extract_layer(word, then):
            """Carry, apply the fold `then`, and extract the leading bit of the *updated* word:
            r1 = relu(2^L (w - 1/2) + 1), r2 = relu(2^L (w - 1/2)), bit = r1 - r2 (exact for L-bit words)."""
            M, c = Z(), [F(0)] * W
            carry(M, ["x", "U", "V", "tau", "out"])
            if then is not None:
                then(M, c)
            row, const = list(M[ch[word]]), c[ch[word]]
            M[ch["r1"]] = [sL * v for v in row]
            M[ch["r2"]] = [sL * v for v in row]
            c[ch["r1"]] = sL * (const - F(1, 2)) + 1
            c[ch["r2"]] = sL * (const - F(1, 2))
            return M, c

        # first label bit
        layers.append(extract_layer("V", None))

        def fold_label_into_out(M, c):    # out = bit; V = 2 V - bit
            M[ch["out"]][ch["r1"]], M[ch["out"]][ch["r2"]] = F(1), F(-1)
            M[ch["V"]][ch["V"]] = F(2)
            M[ch["V"]][ch["r1"]], M[ch["V"]][ch["r2"]] = F(-1), F(1)
        self.n_steps = 0
        pending = fold_label_into_out
        for j in range(b - 1):
            for r in range(R):            # extract R threshold bits into tau: tau += bit 2^-r; U = 2U - bit
                if r == 0:
                    layers.append(extract_layer("U", pending))
                else:
                    def fold_u(M, c, r=r):
                        M[ch["tau"]][ch["r1"]], M[ch["tau"]][ch["r2"]] = F(1, 2 ** r), -F(1, 2 ** r)
                        M[ch["U"]][ch["U"]] = F(2)
                        M[ch["U"]][ch["r1"]], M[ch["U"]][ch["r2"]] = F(-1), F(1)
                    layers.append(extract_layer("U", fold_u))
            # fold the last threshold bit, and extract the next label bit from V
            def fold_last(M, c, r=R):
                M[ch["tau"]][ch["r1"]], M[ch["tau"]][ch["r2"]] = F(1, 2 ** r), -F(1, 2 ** r)
                M[ch["U"]][ch["U"]] = F(2)
                M[ch["U"]][ch["r1"]], M[ch["U"]][ch["r2"]] = F(-1), F(1)
            layers.append(extract_layer("V", fold_last))
            # layer: y_next = bit (r1 - r2), V = 2V - bit; passed = [x >= tau] with steep ramps (x - tau >= sep/4
            # or <= -sep/4 on data points): r1' = relu(s (x - tau) + 1/2), r2' = relu(s (x - tau) - 1/2)
            # we need y_next and passed together: store y_next in the (now free) tau channel after the ramp
            M, c = Z(), [F(0)] * W
            carry(M, ["x", "U", "out"])
            M[ch["V"]][ch["V"]] = F(2)
            M[ch["V"]][ch["r1"]], M[ch["V"]][ch["r2"]] = F(-1), F(1)
            # r1 = relu(s(x - tau) + 1/2), r2 = relu(s(x - tau) - 1/2): passed = r1 - r2
            M[ch["r1"]][ch["x"]], M[ch["r1"]][ch["tau"]] = s_fetch, -s_fetch
            M[ch["r2"]][ch["x"]], M[ch["r2"]][ch["tau"]] = s_fetch, -s_fetch
            c[ch["r1"]], c[ch["r2"]] = F(1, 2), F(-1, 2)
            M[ch["tau"]][ch["r1"]], M[ch["tau"]][ch["r2"]] = F(1), F(-1)   # tau channel := y_next
            layers.append((M, c))
            # product layer: a = y_next - out in {-1,0,1}, s = passed in {0,1}:
            # a s = relu(a + s - 1) - relu(-a + s - 1); out += a s; tau reset to 0
            M, c = Z(), [F(0)] * W
            carry(M, ["x", "U", "V", "out"])
            for unit, sign in (("r1", 1), ("r2", -1)):
                M[ch[unit]][ch["tau"]] = F(sign)
                M[ch[unit]][ch["out"]] = F(-sign)
                M[ch[unit]][ch["r1"]] = F(1)
                M[ch[unit]][ch["r2"]] = F(-1)
                c[ch[unit]] = F(-1)
            layers.append((M, c))

            def fold_prod(M, c):
                M[ch["out"]][ch["r1"]], M[ch["out"]][ch["r2"]] = F(1), F(-1)
            pending = fold_prod
        # readout: out (+ pending product)
        row = [F(0)] * W
        row[ch["out"]] = F(1)
        if b > 1:
            row[ch["r1"]], row[ch["r2"]] = F(1), F(-1)
        layers.append(([row], [F(0)]))
        self.net = MLP(layers, "relu")

    @property
    def n_params(self):
        return self.net.n_params


def count_params(N: int, seed: int = 0) -> int:
    xs, ys = dataset(N, seed)
    return Memoriser(xs, ys).n_params
