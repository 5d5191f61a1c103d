"""The scalar problems behind weight decay on a deep linear network (mpmath).

  phi(s) = 1/2 (s - sigma)^2 + (L beta / 2) s^(2/L),   s >= 0.

With s = t^L the positive stationary points solve t^(2L-2) - sigma t^(L-2) + beta = 0
(t^2 - sigma + beta = 0 for L = 2).  The global minimiser is the best of s = 0 and the
positive real roots; found with mpmath.polyroots at the working precision."""
from __future__ import annotations

import mpmath as mp


def _phi(s, sigma, L, beta):
    return (s - sigma) ** 2 / 2 + mp.mpf(L) * beta / 2 * (s ** (mp.mpf(2) / L) if s > 0 else mp.mpf(0))


def scalar_argmin(sigma, L, beta, dps=30):
    """Global minimiser s* >= 0 and value of phi (mpmath numbers)."""
    with mp.workdps(dps):
        sigma, beta = mp.mpf(sigma), mp.mpf(beta)
        L = int(L)
        best_s, best_v = mp.mpf(0), sigma ** 2 / 2
        coeffs = [mp.mpf(0)] * (2 * L - 1)              # degree 2L-2, highest first
        coeffs[0] = mp.mpf(1)
        coeffs[(2 * L - 2) - (L - 2)] += -sigma
        coeffs[-1] += beta
        roots = mp.polyroots(coeffs, maxsteps=400, extraprec=4 * dps)
        for r in roots:
            if abs(mp.im(r)) < mp.mpf(10) ** (-dps // 2) and mp.re(r) > 0:
                s = mp.re(r) ** L
                v = _phi(s, sigma, L, beta)
                if v < best_v:
                    best_s, best_v = s, v
        return best_s, best_v


def decoupled_optimum(sigmas, L, beta, dps=30):
    """sum_i min_s phi(s; sigma_i) and the minimisers s_i*."""
    with mp.workdps(dps):
        out = [scalar_argmin(s, L, beta, dps) for s in sigmas]
        return mp.fsum(v for _, v in out), [s for s, _ in out]


def scalar_threshold_bisect(L, beta, lo=None, hi=None, iters=120, dps=40):
    """Smallest sigma at which the global minimiser of phi jumps from 0 to a positive
    value, by bisection on the predicate s*(sigma) > 0 (no closed form used)."""
    with mp.workdps(dps):
        beta = mp.mpf(beta)
        lo = mp.mpf(0) if lo is None else mp.mpf(lo)
        hi = mp.mpf(1) if hi is None else mp.mpf(hi)
        while scalar_argmin(hi, L, beta, dps)[0] == 0:   # grow the bracket until s* > 0
            hi *= 2
        for _ in range(iters):
            mid = (lo + hi) / 2
            if scalar_argmin(mid, L, beta, dps)[0] > 0:
                hi = mid
            else:
                lo = mid
        return lo, hi
