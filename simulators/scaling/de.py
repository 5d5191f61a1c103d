"""Evaluator (c): deterministic equivalents as scalar fixed points, in mpmath (50 digits).

Spectral sums sum_j F(lam_j, tw_j) over a power-law spectrum are summed exactly for the first
``HEAD`` modes and by Euler-Maclaurin (``mpmath.sumem``, integral + boundary corrections) for the
tail, so M = 10^6 or M = inf costs the same as M = 10^3.  Roots are first located in float64
(scipy brentq in log kappa on a float64 version of the sums), then polished by Newton's method
at ``dps`` digits until the step is below 10^-(dps-5) relative.

Functions (all losses are MSE, no 1/2):
* ``kappa_rp(spec, n)``: sum_j lam_j / (lam_j + kappa) = n.
* ``loss_rp(spec, N)``: random projection, P = inf (spec section 0.1):
  L = sum_j tw_j kappa / (lam_j + kappa), kappa = kappa_rp(spec, N).
* ``kernel_parts(spec, P, ridge, sigma2)``: kernel limit N = inf with P samples (Canatar/Bordelon
  form): kappa (1 - df1/P) = ridge, numerator = sum tw kappa^2/(lam+kappa)^2 + sigma2,
  denominator = 1 - df2/P; ``loss_kernel`` = numerator / denominator.
* ``loss_flow(spec, t)``: infinite model, infinite data, gradient flow: sum_j tw_j exp(-2 lam_j t).
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
from scipy import integrate, optimize

HEAD = 256
DPS = 50


def _terms(spec):
    cl, nl, ct, nt = (mp.mpf(spec.c_lam), mp.mpf(spec.nu_lam), mp.mpf(spec.c_tw), mp.mpf(spec.nu_tw))
    return (lambda j: cl * mp.power(j, -nl)), (lambda j: ct * mp.power(j, -nt))


class ArraySpectrum:
    """An explicit finite spectrum (e.g. the feature covariance K of a drawn instance): lam_i, tw_i given."""

    def __init__(self, lam, tw):
        import numpy as _np
        o = _np.argsort(-_np.asarray(lam, float))
        self.lam = _np.asarray(lam, float)[o]
        self.tw = _np.asarray(tw, float)[o]
        self.M = len(self.lam)
        self.c_lam = float(self.lam[0])
        self.nu_lam = 1.0                     # only used for a starting guess


def spectral_sum(spec, F, head: int = HEAD, knee=None):
    """sum_{j=1}^{M} F(lam_j, tw_j) (M = spec.M, None = infinity), exact head + Euler-Maclaurin tail.

    ``knee``: a mode index where F changes regime (lam_j ~ kappa); the tail integral of the
    Euler-Maclaurin formula is split there (and at 1/8, 8x it) so tanh-sinh quadrature stays fast."""
    if isinstance(spec, ArraySpectrum):
        return mp.fsum(F(mp.mpf(l), mp.mpf(w)) for l, w in zip(spec.lam, spec.tw))
    lam, tw = _terms(spec)
    M = spec.M
    h = head if M is None else min(head, M)
    s = mp.fsum(F(lam(mp.mpf(j)), tw(mp.mpf(j))) for j in range(1, h + 1))
    if M is None or M > h:
        upper = mp.inf if M is None else mp.mpf(M)
        f = lambda j: F(lam(j), tw(j))
        pts = [mp.mpf(h + 1)]
        if knee is not None:
            pts += [x for x in (knee / 8, knee, knee * 8) if h + 1 < x < upper]
        pts.append(upper)
        s += mp.sumem(f, [h + 1, upper], integral=mp.quad(f, pts))
    return s


def _knee(spec, kappa):
    """Mode index where lam_j = kappa (pass as ``knee`` for spectra whose tail quadrature is slow)."""
    return (mp.mpf(spec.c_lam) / kappa) ** (1 / mp.mpf(spec.nu_lam))


def _float_sum(spec, F, head: int = 1 << 15):
    """float64 version of ``spectral_sum`` (explicit head + midpoint-rule integral tail), used only to
    bracket roots before the mpmath polish."""
    import warnings
    if isinstance(spec, ArraySpectrum):
        return float(np.sum(F(spec.lam, spec.tw)))
    M = spec.M
    h = head if M is None else min(head, M)
    j = np.arange(1, h + 1, dtype=float)
    s = float(np.sum(F(spec.c_lam * j ** -spec.nu_lam, spec.c_tw * j ** -spec.nu_tw)))
    if M is None or M > h:
        g = lambda x: F(spec.c_lam * x ** -spec.nu_lam, spec.c_tw * x ** -spec.nu_tw)
        up = np.inf if M is None else M + 0.5
        with warnings.catch_warnings():          # a bracket only: quad's accuracy warnings are harmless here
            warnings.simplefilter("ignore")
            for a, b in ((h + 0.5, min(up, 1e6)), (min(up, 1e6), up)):
                if b > a:
                    s += integrate.quad(g, a, b, limit=400, epsrel=1e-13, epsabs=0)[0]
    return s


def _newton_log(f_and_df, u0, dps, what):
    """Newton's method in u = log kappa at ``dps`` (+10 guard) digits from a float64 root u0."""
    with mp.workdps(dps + 10):
        u = mp.mpf(u0)
        tol = mp.mpf(10) ** (-(dps + 2))
        for _ in range(30):
            f, df = f_and_df(u)
            step = f / df
            u -= step
            if abs(step) < tol:
                return u
    raise ArithmeticError(f"{what}: Newton did not converge (last step {mp.nstr(step, 3)})")


def kappa_rp(spec, n, dps: int = DPS):
    """kappa > 0 with sum_j lam_j / (lam_j + kappa) = n (needs n < M)."""
    if spec.M is not None and n >= spec.M:
        raise ValueError("kappa_rp needs n < M")
    g = lambda u: _float_sum(spec, lambda l, w: l / (l + math.exp(u))) - float(n)      # decreasing in u
    guess = math.log(spec.c_lam) - spec.nu_lam * math.log(float(n))
    a, b = guess - 8, guess + 8
    while g(a) < 0:
        a -= 8
    while g(b) > 0:
        b += 8
    u0 = optimize.brentq(g, a, b, xtol=1e-14, rtol=1e-14)
    n = mp.mpf(n)

    def fd(u):
        k = mp.exp(u)
        s = spectral_sum(spec, lambda l, w: l / (l + k))
        ds = spectral_sum(spec, lambda l, w: l / (l + k) ** 2)
        return s - n, -k * ds

    return mp.exp(_newton_log(fd, u0, dps, "kappa_rp"))


def kappa_ridge(spec, P, ridge, dps: int = DPS):
    """kappa with kappa (1 - df1(kappa)/P) = ridge > 0, df1 = sum lam/(lam+kappa)."""
    Pf, rf = float(P), float(ridge)
    g = lambda u: math.exp(u) * (1 - _float_sum(spec, lambda l, w: l / (l + math.exp(u))) / Pf) - rf
    lo = math.log(rf) if rf > 0 else -700.0
    hi = math.log(rf + spec.c_lam * _float_sum(spec, lambda l, w: 1.0 + 0 * l)) + 1
    a = max(lo, math.log(float(kappa_rp(spec, P, 15)))) if (spec.M is None or P < spec.M) else lo
    u0 = optimize.brentq(g, a, hi, xtol=1e-14, rtol=1e-14)
    P, ridge = mp.mpf(P), mp.mpf(ridge)

    def fd(u):
        k = mp.exp(u)
        s = spectral_sum(spec, lambda l, w: l / (l + k))
        ds = spectral_sum(spec, lambda l, w: l / (l + k) ** 2)
        return k * (1 - s / P) - ridge, k * (1 - s / P) + k * k * ds / P

    return mp.exp(_newton_log(fd, u0, dps, "kappa_ridge"))


def loss_rp(spec, N, dps: int = DPS):
    """Random-projection DE, P = inf: L(N) = sum tw kappa / (lam + kappa)."""
    with mp.workdps(dps + 10):
        k = kappa_rp(spec, N, dps)
        return +spectral_sum(spec, lambda l, w: w * k / (l + k)), k


def kernel_parts(spec, P, ridge=0, sigma2=0, dps: int = DPS):
    """Kernel-limit DE with P samples: returns (kappa, numerator, denominator)."""
    with mp.workdps(dps + 10):
        P, ridge = mp.mpf(P), mp.mpf(ridge)
        kap = kappa_rp(spec, P, dps) if ridge == 0 else kappa_ridge(spec, P, ridge, dps)
        num = spectral_sum(spec, lambda l, w: w * kap ** 2 / (l + kap) ** 2) + sigma2
        den = 1 - spectral_sum(spec, lambda l, w: l ** 2 / (l + kap) ** 2) / P
        return kap, num, den


def loss_kernel(spec, P, ridge=0, sigma2=0, dps: int = DPS):
    _, num, den = kernel_parts(spec, P, ridge, sigma2, dps)
    with mp.workdps(dps + 10):
        return num / den


def loss_flow(spec, t, dps: int = DPS):
    """Gradient flow with N = P = inf: L(t) = sum_j tw_j exp(-2 lam_j t)."""
    with mp.workdps(dps + 10):
        t = mp.mpf(t)
        return spectral_sum(spec, lambda l, w: w * mp.exp(-2 * l * t))
