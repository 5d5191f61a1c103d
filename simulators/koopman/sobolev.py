"""Sobolev RKHS machinery for the Koopman family: THE place where the convention is pinned.

Convention (the paper's, per its OpenReview reviews; everything in simulators/koopman uses it)::

    f^(w)        = \\int_{R^d} f(x) e^{-i x.w} dx                 (no constant in front)
    ||f||_{H^s}^2 = \\int_{R^d} |f^(w)|^2 (1 + |w|^2)^s dw
    k(x, y)      = (2 pi)^{-2d} \\int e^{i (x-y).w} (1 + |w|^2)^{-s} dw   (reproducing kernel, s > d/2)
    k(x, x)      = (2 pi)^{-2d} pi^{d/2} Gamma(s - d/2) / Gamma(s)

The unitary convention (f^ with a (2 pi)^{-d/2} in front) multiplies ||f||^2 by (2 pi)^{-d} and k by
(2 pi)^{+d}; only products like ||g|| sqrt(k(0,0)) and ratios of norms on one space are convention-free.
``CONVENTION`` is a one-line statement of this for claims to quote.

Numerics here: Sobolev norms of explicit functions by FFT quadrature on a uniform grid (trapezoid rule,
spectrally accurate for smooth rapidly decaying functions), Gaussian wave packets with grids chosen
from their space/frequency extents, the kernel (Matern form, scipy.special.kv), the integral
\\int (1+|w|^2)^{-s} dw in closed form (mpmath) and by independent quadrature.
No verdict logic here.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
from scipy import integrate, optimize, special

CONVENTION = ("Fourier transform f^(w) = int f(x) exp(-i x.w) dx (no constant); "
              "||f||_{H^s}^2 = int |f^(w)|^2 (1+|w|^2)^s dw; "
              "k(x,y) = (2pi)^{-2d} int exp(i(x-y).w) (1+|w|^2)^{-s} dw, "
              "k(0,0) = (2pi)^{-2d} pi^{d/2} Gamma(s-d/2)/Gamma(s). "
              "Unitary convention: ||f||^2 times (2pi)^{-d}, k times (2pi)^{d}.")

CONVENTIONS = ("paper", "unitary")

# Gaussian packets are cut at TAIL widths: |h|, |h^| ~ exp(-TAIL^2/2) there (6.5: 7e-10, enough for ratios
# to ~1e-10 with s <= 2); the periodic wrap-around of that cut is what the two-grid error estimate sees.
TAIL = 6.5


def _norm_factor(d: int, convention: str) -> float:
    """Multiplier of ||f||^2 relative to the paper convention."""
    if convention == "paper":
        return 1.0
    if convention == "unitary":
        return (2 * math.pi) ** (-d)
    raise ValueError(f"unknown convention {convention!r}; known {CONVENTIONS}")


# ---------------------------------------------------------------------------------------------
# kernel constants

def spectral_integral_closed_form(d: int, s, dps: int = 30):
    """I(d, s) = int_{R^d} (1+|w|^2)^{-s} dw = pi^{d/2} Gamma(s - d/2) / Gamma(s)  (mpmath, s > d/2)."""
    with mpmath.workdps(dps):
        s = mpmath.mpf(s)
        return +(mpmath.pi ** (mpmath.mpf(d) / 2) * mpmath.gamma(s - mpmath.mpf(d) / 2) / mpmath.gamma(s))


def spectral_integral_quadrature(d: int, s: float) -> tuple[float, float]:
    """I(d, s) by numerical integration, independent of the Beta-function identity.

    d = 1: scipy.quad on R; d = 2: scipy.dblquad in Cartesian coordinates; d >= 3: radial integral
    |S^{d-1}| int_0^inf r^{d-1} (1+r^2)^{-s} dr with r = tan(t) (a smooth integrand on [0, pi/2]),
    by mpmath.quad at 30 digits.  Returns (value, error estimate)."""
    if d == 1:
        v, e = integrate.quad(lambda w: (1 + w * w) ** (-s), -np.inf, np.inf, epsabs=0, epsrel=1e-12, limit=200)
        return v, e
    if d == 2:
        # polar would be the radial formula; stay Cartesian for independence
        v, e = integrate.dblquad(lambda y, x: (1 + x * x + y * y) ** (-s), -np.inf, np.inf, -np.inf, np.inf,
                                 epsabs=0, epsrel=1e-11)
        return v, e
    with mpmath.workdps(30):
        sphere = 2 * mpmath.pi ** (mpmath.mpf(d) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)
        s_ = mpmath.mpf(s)
        f = lambda t: mpmath.sin(t) ** (d - 1) * mpmath.cos(t) ** (2 * s_ - d - 1)
        v, e = mpmath.quad(f, [0, mpmath.pi / 4, mpmath.pi / 2], error=True)
        return float(sphere * v), float(abs(sphere * e)) + 1e-25 * float(abs(sphere * v))


def kernel_diagonal(d: int, s, convention: str = "paper"):
    """k(0,0) from the closed form (mpmath mpf)."""
    pref = (2 * mpmath.pi) ** (-2 * d) if convention == "paper" else (2 * mpmath.pi) ** (-d)
    if convention not in CONVENTIONS:
        raise ValueError(convention)
    return pref * spectral_integral_closed_form(d, s)


def kernel_diagonal_quadrature(d: int, s, convention: str = "paper") -> tuple[float, float]:
    """k(0,0) = (2pi)^{-2d} I(d,s) with I by quadrature (value, error)."""
    v, e = spectral_integral_quadrature(d, s)
    pref = (2 * math.pi) ** (-2 * d) if convention == "paper" else (2 * math.pi) ** (-d)
    return pref * v, pref * e


def matern_kernel(r, d: int, s: float, diag: float | None = None, convention: str = "paper") -> np.ndarray:
    """k as a function of r = |x - y| (Matern form):
    (2pi)^{-2d} (2pi)^{d/2} 2^{1-s}/Gamma(s) r^{nu} K_nu(r), nu = s - d/2.
    At r = 0 the value ``diag`` is used (pass a quadrature value to stay independent of the
    Gamma closed form); if None, the Matern limit 2^{nu-1} Gamma(nu) is used."""
    r = np.asarray(r, dtype=float)
    nu = s - d / 2
    pref = (2 * math.pi) ** (-2 * d if convention == "paper" else -d)
    c = pref * (2 * math.pi) ** (d / 2) * 2.0 ** (1 - s) / math.gamma(s)
    out = np.empty_like(r)
    small = r < 1e-300
    rr = r[~small]
    out[~small] = c * rr ** nu * special.kv(nu, rr)
    out[small] = diag if diag is not None else c * 2.0 ** (nu - 1) * math.gamma(nu)
    return out


def gram_matrix(X: np.ndarray, s: float, diag: float | None = None, convention: str = "paper") -> np.ndarray:
    """Gram matrix of the H^s(R^d) kernel on the rows of X (n x d)."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    D = np.sqrt(np.maximum(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1), 0.0))
    np.fill_diagonal(D, 0.0)
    return matern_kernel(D, X.shape[1], s, diag=diag, convention=convention)


# ---------------------------------------------------------------------------------------------
# Sobolev norms by FFT quadrature

def sobolev_norm_sq_grid(values: np.ndarray, dx, s: float, convention: str = "paper") -> float:
    """||f||_{H^s}^2 from samples of f on a uniform grid (f ~ 0 at the box edges).

    f^(w_k) ~ prod(dx) * sum_j f(x_j) exp(-i x_j.w_k) (|f^| does not depend on the grid origin),
    then the trapezoid rule in frequency with dw = 2 pi / (N dx)."""
    values = np.asarray(values)
    d = values.ndim
    dx = np.broadcast_to(np.asarray(dx, dtype=float), (d,))
    F = np.fft.fftn(values) * float(np.prod(dx))
    w2 = np.zeros(values.shape)
    dw = 1.0
    for ax in range(d):
        n = values.shape[ax]
        w = 2 * math.pi * np.fft.fftfreq(n, d=dx[ax])
        shape = [1] * d
        shape[ax] = n
        w2 = w2 + (w ** 2).reshape(shape)
        dw *= 2 * math.pi / (n * dx[ax])
    val = float(np.sum(np.abs(F) ** 2 * (1 + w2) ** s) * dw)
    return val * _norm_factor(d, convention)


def grid_axes(half_widths, max_freqs, centers=None, oversample: float = 1.0):
    """Uniform grid: per axis half-width X_i around centre c_i, spacing pi/(oversample*Omega_i)."""
    axes, dxs = [], []
    centers = np.zeros(len(half_widths)) if centers is None else np.asarray(centers, dtype=float)
    for X, Om, c in zip(half_widths, max_freqs, centers):
        dx = math.pi / (oversample * max(Om, 1e-12))
        n = int(math.ceil(2 * X / dx)) + 1
        n = max(n, 64)
        axes.append(c + (np.arange(n) - (n - 1) / 2) * dx)
        dxs.append(dx)
    return axes, dxs


def frequency_padding(s: float) -> float:
    """Zero padding in x needed by the frequency-side trapezoid rule.  For integer s the weight
    (1+|w|^2)^s is a polynomial and the discrete sum is exact (Parseval); otherwise its inverse Fourier
    transform decays like e^{-|x|} (branch points at w = +-i), and the quadrature error is ~ e^{-padding}."""
    return 0.0 if float(s).is_integer() else 36.0


def sobolev_norm_sq_fn(f, half_widths, max_freqs, s: float, centers=None, convention: str = "paper",
                       oversample: float = 1.0) -> float:
    """||f||_{H^s}^2 for a callable f(*coords) (vectorised) on a box chosen by the caller
    (padded by ``frequency_padding(s)`` on each side)."""
    pad = frequency_padding(s)
    axes, dxs = grid_axes([h + pad for h in half_widths], max_freqs, centers, oversample)
    mesh = np.meshgrid(*axes, indexing="ij")
    return sobolev_norm_sq_grid(f(*mesh), dxs, s, convention)


def sobolev_norm_sq_checked(f, half_widths, max_freqs, s, centers=None, convention="paper"):
    """(value, error estimate): two grids, the second 1.3x finer and 1.15x wider; the difference
    bounds the quadrature error (plus float64 summation error)."""
    v1 = sobolev_norm_sq_fn(f, half_widths, max_freqs, s, centers, convention, oversample=1.0)
    v2 = sobolev_norm_sq_fn(f, [1.15 * h for h in half_widths], max_freqs, s, centers, convention, oversample=1.3)
    return v2, abs(v2 - v1) + 1e-13 * abs(v2)


# ---------------------------------------------------------------------------------------------
# Gaussian wave packets  h(y) = exp(-|y - c|^2 / (2 tau^2)) cos(k.(y - c))

def packet(center, tau: float, wavevector):
    c = np.atleast_1d(np.asarray(center, dtype=float))
    k = np.atleast_1d(np.asarray(wavevector, dtype=float))

    def h(*ys):
        r2 = sum((y - ci) ** 2 for y, ci in zip(ys, c))
        ph = sum(ki * (y - ci) for y, ki, ci in zip(ys, k, c))
        return np.exp(-r2 / (2 * tau * tau)) * np.cos(ph)
    return h


def packet_norm_sq(center, tau, wavevector, s, convention="paper", tail=TAIL):
    """||h||_{H^s}^2 of a packet, by quadrature (value, error)."""
    c = np.atleast_1d(np.asarray(center, dtype=float))
    k = np.atleast_1d(np.asarray(wavevector, dtype=float))
    d = c.size
    hw = [tail * tau] * d
    om = [abs(ki) + tail / tau for ki in k]
    return sobolev_norm_sq_checked(packet(c, tau, k), hw, om, s, c, convention)


def linear_packet_ratio(W, tau, wavevector, s, center=None):
    """||h o W||_{H^s} / ||h||_{H^s} for a packet h centred at W c (so h o W is centred at c),
    both norms by FFT quadrature.  Returns (ratio, error estimate)."""
    W = np.atleast_2d(np.asarray(W, dtype=float))
    d = W.shape[0]
    k = np.atleast_1d(np.asarray(wavevector, dtype=float))
    x0 = np.zeros(d) if center is None else np.asarray(center, dtype=float)
    y0 = W @ x0
    h = packet(y0, tau, k)
    Winv = np.linalg.inv(W)

    def hW(*xs):
        ys = [sum(W[i, j] * xs[j] for j in range(d)) for i in range(d)]
        return h(*ys)
    # extents of h o W: x - x0 = W^{-1}(y - y0), frequencies W^T (k + ball(TAIL/tau))
    hw = [TAIL * tau * np.linalg.norm(Winv[i]) for i in range(d)]
    om = [abs((W.T @ k)[i]) + TAIL / tau * np.linalg.norm(W[:, i]) for i in range(d)]
    num, enum = sobolev_norm_sq_checked(hW, hw, om, s, x0)
    den, eden = packet_norm_sq(y0, tau, k, s)
    r = math.sqrt(num / den)
    err = 0.5 * r * (enum / num + eden / den)
    return r, err


def translation_packet_ratio(shift, tau, wavevector, s, center=None, tail=9.0):
    """||h(. + a)||_{H^s} / ||h||_{H^s} with both functions sampled on ONE fixed grid that covers both
    supports (so the samples differ and the identity is not built into the grid)."""
    a = np.atleast_1d(np.asarray(shift, dtype=float))
    d = a.size
    c = np.zeros(d) if center is None else np.asarray(center, dtype=float)
    k = np.atleast_1d(np.asarray(wavevector, dtype=float))
    h = packet(c, tau, k)
    hs = lambda *xs: h(*[x + ai for x, ai in zip(xs, a)])
    mid = c - a / 2
    hw = [tail * tau + abs(ai) / 2 for ai in a]       # tail 9: cut at exp(-40), ratio exact to rounding
    om = [abs(ki) + tail / tau for ki in k]
    n1, e1 = sobolev_norm_sq_checked(hs, hw, om, s, mid)
    n0, e0 = sobolev_norm_sq_checked(h, hw, om, s, mid)
    r = math.sqrt(n1 / n0)
    return r, 0.5 * r * (e1 / n1 + e0 / n0)


# ---------------------------------------------------------------------------------------------
# activations (elementwise, C^1, bijective) and their Koopman operators on H^1(R)

def leaky_smooth(a: float):
    """sigma(x) = a x + (1-a) log(1+e^x);  sigma' = a + (1-a) logistic(x) in (a, 1)."""
    f = lambda x: a * x + (1 - a) * np.logaddexp(0.0, x)
    df = lambda x: a + (1 - a) * special.expit(x)
    return f, df


def tanh_bump(alpha: float):
    """sigma(x) = x + alpha tanh(x) (bijective for alpha > -1); sigma' = 1 + alpha sech^2(x)."""
    f = lambda x: x + alpha * np.tanh(x)
    df = lambda x: 1 + alpha / np.cosh(x) ** 2
    return f, df


ACTIVATIONS = {"leaky": leaky_smooth, "tanh": tanh_bump}


def derivative_extremes(df, lo: float = -60.0, hi: float = 60.0) -> tuple[float, float]:
    """inf and sup of sigma' estimated numerically (dense grid + bounded refinement); for
    activations whose extremes are limits at +-infinity the grid ends approximate them."""
    x = np.linspace(lo, hi, 24001)
    v = df(x)
    i, j = int(np.argmin(v)), int(np.argmax(v))
    lo_i, hi_i = x[max(i - 1, 0)], x[min(i + 1, x.size - 1)]
    lo_j, hi_j = x[max(j - 1, 0)], x[min(j + 1, x.size - 1)]
    r1 = optimize.minimize_scalar(df, bounds=(lo_i, hi_i), method="bounded", options={"xatol": 1e-12})
    r2 = optimize.minimize_scalar(lambda t: -df(t), bounds=(lo_j, hi_j), method="bounded", options={"xatol": 1e-12})
    return float(min(v[i], r1.fun)), float(max(v[j], -r2.fun))


def h1_activation_factor(inf_dsigma: float, sup_dsigma: float) -> float:
    """||K_sigma||_{H^1(R) -> H^1(R)} = max(1/inf sigma', sup sigma')^{1/2} (DERIVED)."""
    return math.sqrt(max(1.0 / inf_dsigma, sup_dsigma))


def _inverse(f, y, lo=-1e7, hi=1e7):
    return optimize.brentq(lambda x: f(x) - y, lo, hi, xtol=1e-14, rtol=1e-15, maxiter=500)


def activation_packet_ratio(sigma, dsigma, y0, tau, kappa, s: float = 1.0):
    """||h o sigma||_{H^s(R)} / ||h||_{H^s(R)} for the 1-D packet h centred at y0, by FFT quadrature
    of the composed function on an x grid covering sigma^{-1}(y0 +- TAIL tau).  (ratio, error)."""
    xl, xr = _inverse(sigma, y0 - TAIL * tau), _inverse(sigma, y0 + TAIL * tau)
    xs = np.linspace(xl, xr, 2001)
    smax = float(np.max(dsigma(xs)))
    h = packet([y0], tau, [kappa])
    hs = lambda x: h(sigma(x))
    # local frequency of h(sigma(x)) is sigma'(x) * (frequency of h); 1.2 covers the grid max
    om = [1.2 * smax * (abs(kappa) + TAIL / tau)]
    num, enum = sobolev_norm_sq_checked(hs, [(xr - xl) / 2], om, s, [(xr + xl) / 2])
    den, eden = packet_norm_sq([y0], tau, [kappa], s)
    r = math.sqrt(num / den)
    return r, 0.5 * r * (enum / num + eden / den)


def activation_l2_ratio(sigma, dsigma, y0, tau):
    """||h o sigma||_{L^2} / ||h||_{L^2} for h = exp(-(y-y0)^2/(2tau^2)), by scipy.quad in x."""
    h2 = lambda y: math.exp(-((y - y0) / tau) ** 2)
    xl, xr = _inverse(sigma, y0 - 9 * tau), _inverse(sigma, y0 + 9 * tau)
    num, _ = integrate.quad(lambda x: h2(float(sigma(x))), xl, xr, epsabs=0, epsrel=1e-12, limit=400)
    den = tau * math.sqrt(math.pi)
    return math.sqrt(num / den)


def tensor_activation_lower_bound(r1: float, d: int, s: float, tau: float) -> float:
    """Lower bound on log ||K_sigma||_{H^s(R^d)} for elementwise sigma from a 1-D L^2 ratio r1 of a
    Gaussian of width tau (DERIVED): with h = prod_i phi(y_i),
    ||h o sigma||_{H^s} >= (2pi)^{d/2} ||h o sigma||_{L^2} = (2pi)^{d/2} r1^d ||h||_{L^2} and
    ||h||_{H^s}^2 = (2pi)^d ||h||_{L^2}^2 E[(1+|w|^2)^s] <= (2pi)^d ||h||_{L^2}^2 (1 - s/tau^2)^{-d/2}
    (w_i ~ N(0, 1/(2 tau^2)), (1+x)^s <= e^{sx}).  Needs tau^2 > s."""
    if tau * tau <= s:
        raise ValueError("need tau^2 > s")
    return d * math.log(r1) + (d / 4) * math.log1p(-s / tau ** 2)


# ---------------------------------------------------------------------------------------------
# Gaussian test function g(x) = exp(-|x|^2/2): H^s norm by radial quadrature of its closed-form FT

def gaussian_norm_sq(d: int, s: float, convention: str = "paper") -> float:
    """||exp(-|x|^2/2)||_{H^s(R^d)}^2, with g^(w) = (2pi)^{d/2} exp(-|w|^2/2) (paper convention):
    (2pi)^d |S^{d-1}| int_0^inf r^{d-1} e^{-r^2} (1+r^2)^s dr by mpmath.quad."""
    with mpmath.workdps(30):
        sphere = 2 * mpmath.pi ** (mpmath.mpf(d) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)
        I = mpmath.quad(lambda r: r ** (d - 1) * mpmath.exp(-r * r) * (1 + r * r) ** s, [0, 1, 4, mpmath.inf])
        return float((2 * mpmath.pi) ** d * sphere * I) * _norm_factor(d, convention)


def inverse_vectorized(sigma, y, lo: float = -1e6, hi: float = 1e6, iters: int = 200) -> np.ndarray:
    """sigma^{-1}(y) for increasing sigma by vectorised bisection."""
    y = np.asarray(y, dtype=float)
    a = np.full_like(y, lo)
    b = np.full_like(y, hi)
    for _ in range(iters):
        m = 0.5 * (a + b)
        up = sigma(m) < y
        a = np.where(up, m, a)
        b = np.where(up, b, m)
    return 0.5 * (a + b)


def h1_activation_norm_fem(sigma, dsigma, half_width: float = 40.0, n: int = 1200) -> float:
    """||K_sigma||_{H^1(R) -> H^1(R)} by Rayleigh-Ritz with P1 elements on [-L, L] (zero boundary values):
    the largest lambda of A u = lambda M u with
      A = int w phi_i phi_j + int (1/w) phi_i' phi_j',  M = int phi_i phi_j + int phi_i' phi_j',
      w(y) = 1 / sigma'(sigma^{-1}(y))    (||h o sigma||^2 / (2 pi) in y-coordinates),
    3-point Gauss quadrature per element.  A subspace of H^1, so the value is a lower bound that
    converges to the norm as the mesh is refined and the interval widened.  Returns sqrt(lambda)."""
    from scipy.sparse import diags
    from scipy.sparse.linalg import eigsh
    y = np.linspace(-half_width, half_width, n + 1)
    hh = y[1] - y[0]
    gp = np.array([-math.sqrt(3 / 5), 0.0, math.sqrt(3 / 5)])
    gw = np.array([5 / 9, 8 / 9, 5 / 9])
    mid = 0.5 * (y[:-1] + y[1:])
    pts = mid[:, None] + 0.5 * hh * gp[None, :]                # (n, 3)
    w = 1.0 / dsigma(inverse_vectorized(sigma, pts.ravel())).reshape(pts.shape)
    t = 0.5 * (1 + gp)                                          # local coordinate in [0, 1]
    phiL, phiR = 1 - t, t
    jac = 0.5 * hh
    mLL = (gw * w * phiL * phiL).sum(1) * jac
    mRR = (gw * w * phiR * phiR).sum(1) * jac
    mLR = (gw * w * phiL * phiR).sum(1) * jac
    kin = (gw / w).sum(1) * jac / hh ** 2                       # int (1/w) (1/h)^2 over the element
    # assemble tridiagonal matrices over interior nodes 1..n-1
    diagA = mRR[:-1] + mLL[1:] + kin[:-1] + kin[1:]
    offA = mLR[1:-1] - kin[1:-1]
    mass_d, mass_o = 2 * hh / 3, hh / 6
    diagM = np.full(n - 1, mass_d + 2 / hh)
    offM = np.full(n - 2, mass_o - 1 / hh)
    A = diags([offA, diagA, offA], [-1, 0, 1], format="csc")
    M = diags([offM, diagM, offM], [-1, 0, 1], format="csc")
    lam = eigsh(A, k=1, M=M, which="LA", tol=1e-12, return_eigenvectors=False)
    return float(math.sqrt(lam[0]))


def _fft_1d(values, dx):
    F = np.fft.fft(values) * dx
    w = 2 * math.pi * np.fft.fftfreq(values.size, d=dx)
    return np.abs(F) ** 2, w, 2 * math.pi / (values.size * dx)


def separable_norm_sq(f1, half1, freq1, f2, half2, freq2, s, pad: float = 14.0, convention="paper"):
    """||f1(x1) f2(x2)||_{H^s(R^2)}^2 by a 2-D frequency-side quadrature built from two 1-D FFTs:
    sum over (w1, w2) of |f1^(w1)|^2 |f2^(w2)|^2 (1+w1^2+w2^2)^s dw1 dw2, dropping products below
    1e-22 of the maximum (they cannot change the sum at the 1e-6 level; pad 14 gives ~e^{-14} ~ 1e-6
    for the frequency trapezoid when s is not an integer)."""
    x1 = np.arange(-(half1 + pad), half1 + pad, math.pi / freq1)
    x2 = np.arange(-(half2 + pad), half2 + pad, math.pi / freq2)
    P1, w1, dw1 = _fft_1d(f1(x1), x1[1] - x1[0])
    P2, w2, dw2 = _fft_1d(f2(x2), x2[1] - x2[0])
    k1 = P1 > 1e-22 * P1.max()
    k2 = P2 > 1e-22 * P2.max()
    P1, w1, P2, w2 = P1[k1], w1[k1], P2[k2], w2[k2]
    total = 0.0
    for i in range(0, P1.size, 64):
        blk = P1[i:i + 64, None] * P2[None, :] * (1 + w1[i:i + 64, None] ** 2 + w2[None, :] ** 2) ** s
        total += float(blk.sum())
    return total * dw1 * dw2 * _norm_factor(2, convention)


def trace_ratio(kappa: float, s: float = 1.5, convention: str = "paper") -> float:
    """||h(., 0)||_{H^s(R)} / ||h||_{H^s(R^2)} for h(x1, x2) = cos(kappa x1) e^{-x1^2/2} e^{-(kappa x2)^2/2}
    (the Koopman operator of the injective W x = (x, 0)), both norms by FFT quadrature."""
    f1 = lambda x: np.cos(kappa * x) * np.exp(-x * x / 2)
    f2 = lambda x: np.exp(-(kappa * x) ** 2 / 2)
    num = sobolev_norm_sq_fn(f1, [TAIL + 3], [kappa + TAIL + 3], s, convention=convention) * f2(0.0) ** 2
    den = separable_norm_sq(f1, TAIL + 3, kappa + TAIL + 3, f2, (TAIL + 3) / kappa, (TAIL + 3) * kappa, s,
                            convention=convention)
    return math.sqrt(num / den)
