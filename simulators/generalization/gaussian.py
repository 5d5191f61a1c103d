"""Gaussian closed forms and one-dimensional quadratures.

* ``gaussian_kl``                 KL between two multivariate normals (Cholesky / slogdet).
* ``linear_net_representation_kl`` the information term of a linear Gaussian network:
  X | Y=y ~ N(y mu, I_d), Y uniform on {-1, +1}, learner W = (1/n) sum_j y_j x_j, layer-l
  representation T_l = A_l ... A_1 X of training example 1.  Returns, per layer,
  D(P_{W, T_l^{(1)}, Y_1} || P_W (x) P_{T_l, Y}) computed from the explicit joint covariance.
* ``tv_gaussian_shift``           TV between N(-R, s^2) and N(R, s^2) by quadrature.
* ``log_mgf_centered``            log E exp(lam (f(s) - E f(s))) for f of a one-dimensional
                                  variable with a given density, by quadrature.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import integrate


def gaussian_kl(m0, S0, m1, S1) -> float:
    """KL( N(m0, S0) || N(m1, S1) ) in nats."""
    m0, m1 = np.atleast_1d(np.asarray(m0, float)), np.atleast_1d(np.asarray(m1, float))
    S0, S1 = np.atleast_2d(np.asarray(S0, float)), np.atleast_2d(np.asarray(S1, float))
    k = m0.size
    L1 = np.linalg.cholesky(S1)
    sol = np.linalg.solve(L1, S0)
    tr = np.trace(np.linalg.solve(L1.T, sol))
    dm = np.linalg.solve(L1, m1 - m0)
    s0 = np.linalg.slogdet(S0)
    s1 = np.linalg.slogdet(S1)
    if s0[0] <= 0 or s1[0] <= 0:
        raise np.linalg.LinAlgError("covariance not positive definite")
    return 0.5 * float(tr + dm @ dm - k + s1[1] - s0[1])


def _range_coordinates(A: np.ndarray, rtol: float = 1e-10) -> np.ndarray:
    """An orthonormal basis change U^T A with U spanning range(A): T -> U^T T is injective on
    range(A), so every KL involving T is unchanged, and the covariance becomes invertible."""
    U, s, _ = np.linalg.svd(A, full_matrices=False)
    r = int(np.sum(s > rtol * max(s.max(initial=0.0), 1e-300)))
    return U[:, :r].T @ A


def linear_net_representation_kl(mu: np.ndarray, layers: list[np.ndarray], n: int) -> list[float]:
    """Per layer l = 0 (the input X), 1, ..., L: D(P_{W, T_l, Y} || P_W (x) P_{T_l, Y}) in nats.

    Given Y_1 = y: X_1 = y mu + e, W = mu + (y/n) e + (1/n) sum_{j>1} y_j e_j, so (W, T_l) is
    jointly Gaussian with Cov(W) = I/n, Cov(T_l) = A A^T, Cov(W, T_l) = (y/n) A^T; under the
    product law the cross-covariance is 0 and the means coincide."""
    mu = np.asarray(mu, float)
    d = mu.size
    out = []
    A = np.eye(d)
    mats = [np.eye(d)] + list(layers)
    for l, Al in enumerate(mats):
        A = Al @ A if l > 0 else A
        B = _range_coordinates(A)
        r = B.shape[0]
        vals = []
        for y in (-1.0, 1.0):
            mean = np.concatenate([mu, y * (B @ mu)])
            joint = np.block([[np.eye(d) / n, (y / n) * B.T], [(y / n) * B, B @ B.T]])
            prod = np.block([[np.eye(d) / n, np.zeros((d, r))], [np.zeros((r, d)), B @ B.T]])
            vals.append(gaussian_kl(mean, joint, mean, prod))
        out.append(0.5 * (vals[0] + vals[1]))
    return out


def tv_gaussian_shift(R: float, sigma: float) -> tuple[float, float]:
    """TV(N(R, sigma^2), N(-R, sigma^2)) = 1/2 int |phi_s(t-R) - phi_s(t+R)| dt by adaptive quadrature;
    returns (value, quadrature error estimate)."""
    c = 1.0 / (sigma * math.sqrt(2 * math.pi))
    f = lambda t: c * abs(math.exp(-0.5 * ((t - R) / sigma) ** 2) - math.exp(-0.5 * ((t + R) / sigma) ** 2))
    # split at 0 (kink) and integrate both half-lines
    a, ea = integrate.quad(f, -np.inf, 0.0, epsabs=1e-14, epsrel=1e-13, limit=200)
    b, eb = integrate.quad(f, 0.0, np.inf, epsabs=1e-14, epsrel=1e-13, limit=200)
    return 0.5 * (a + b), 0.5 * (ea + eb)


def _log_quad(logg, lo: float, hi: float, kw: dict, weight=None) -> tuple[float, float, float]:
    """Integral of w(s) exp(logg(s)) over (lo, hi) as (gmax, value, error) with
    integral = exp(gmax) * value.  The mass is located numerically first (local maxima of logg on a
    wide log-spaced grid, refined by bounded Brent), the range is truncated where logg < gmax - 750
    (relative contribution < e^-750 per unit length, far below float64 resolution) and QUADPACK runs
    on finite pieces split at every peak.  Without this, quad on (-inf, inf) can miss a tilted
    density whose mass sits far from the origin (e.g. N(lam sd^2, sd^2) with lam sd^2 ~ 1e2) while
    reporting a tiny error estimate."""
    from scipy.optimize import minimize_scalar

    mag = np.logspace(-4, 5, 500)
    grid = np.unique(np.concatenate([-mag[::-1], [0.0], mag]))
    grid = grid[(grid > lo) & (grid < hi)]
    g = np.array([logg(x) for x in grid])
    ok = np.isfinite(g)
    grid, g = grid[ok], g[ok]
    peaks = [j for j in range(len(g)) if (j == 0 or g[j] >= g[j - 1]) and (j == len(g) - 1 or g[j] >= g[j + 1])]
    modes = []
    for j in peaks:
        a, b = grid[max(j - 1, 0)], grid[min(j + 1, len(g) - 1)]
        r = minimize_scalar(lambda x: -logg(x), bounds=(a, b), method="bounded",
                            options={"xatol": 1e-12 * max(1.0, abs(grid[j]))})
        modes.append((float(r.x), -float(r.fun)) if -r.fun >= g[j] else (float(grid[j]), float(g[j])))
    gmax = max(v for _, v in modes)

    def edge(x0, step):                                  # walk out until the integrand is negligible
        x = x0
        while True:
            x = x + step
            if x <= lo or x >= hi:
                return lo if step < 0 else hi
            if logg(x) < gmax - 750:
                return x
            step *= 2

    left = edge(min(m for m, _ in modes), -1.0)
    right = edge(max(m for m, _ in modes), 1.0)
    cuts = sorted({left, right, *[m for m, _ in modes if left < m < right]})
    w = (lambda s: 1.0) if weight is None else weight

    def integrand(s):
        d = logg(s) - gmax                               # <= ~0 (gmax is the located maximum)
        return w(s) * math.exp(d) if d > -745 else 0.0

    val = err = 0.0
    for a, b in zip(cuts, cuts[1:]):
        v, e = integrate.quad(integrand, a, b, **kw)
        val += v
        err += e
    return gmax, val, err


def log_mgf_centered(f, lam: float, logpdf, support=(-np.inf, np.inf)) -> tuple[float, float]:
    """log E exp(lam (f(S) - E f(S))) for S with log-density ``logpdf`` on ``support`` by adaptive
    quadrature in the log domain (``_log_quad``); returns (value, error bound propagated from the
    quadrature error estimates)."""
    lo, hi = support
    kw = dict(epsabs=0.0, epsrel=1e-12, limit=400)
    g0, mass, emass = _log_quad(logpdf, lo, hi, kw)                    # all three scaled by e^{g0}
    _, fm, em = _log_quad(logpdf, lo, hi, kw, weight=f)
    # the weighted integral is also scaled by e^{g0}: _log_quad finds the same gmax for the same logg
    m = fm / mass
    g1, val, ev = _log_quad(lambda s: lam * (f(s) - m) + logpdf(s), lo, hi, kw)
    res = (g1 - g0) + math.log(val / mass)
    err = ev / val + emass / mass + abs(lam) * (em + abs(m) * emass) / mass
    return res, err
