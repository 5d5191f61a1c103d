"""Evaluator (a): spectra and random instances of the linear random-feature model.

Dense parts are written against an array namespace ``xp`` (numpy by default,
``array_api_compat.torch`` when a claim runs on the torch backend).  Random draws come
from numpy's seeded generator (so numpy and torch see the same instance: parity) unless
``device_rng=True`` asks for an on-device torch generator (gpu tier, large d).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulators.backend import asarray, is_torch, namespace, to_numpy  # noqa: F401  (re-exported for the engine)


def _np():
    return namespace("numpy")


@dataclass(frozen=True)
class Spectrum:
    """Data spectrum lam_j and target power tw_j = lam_j b_j^2, j = 1..M (M may be large).

    ``c_lam j^-nu_lam`` and ``c_tw j^-nu_tw`` record the pure power laws (used by the
    deterministic equivalents, which sum them in mpmath; M = None means an infinite sum)."""
    nu_lam: float
    nu_tw: float
    M: int | None
    c_lam: float = 1.0
    c_tw: float = 1.0
    name: str = ""

    # ---- each paper's own symbols --------------------------------------------
    @classmethod
    def plrf(cls, alpha: float, beta: float, v: int | None) -> "Spectrum":
        """PLRF: lam_j = j^(-2 alpha), b_j = j^(-beta) -> tw_j = j^(-2alpha-2beta)."""
        return cls(2 * alpha, 2 * alpha + 2 * beta, v, name=f"PLRF(alpha={alpha}, beta={beta}, v={v})")

    @classmethod
    def mrs(cls, alpha: float, M: int | None, lam_plus: float = 1.0, s2: float = 1.0) -> "Spectrum":
        """MRS: lam_I = lam_+ I^-(1+alpha), isotropic teacher E[w_I^2] = s2 -> tw = s2 lam_I."""
        return cls(1 + alpha, 1 + alpha, M, lam_plus, s2 * lam_plus, name=f"MRS(alpha={alpha}, M={M})")

    @classmethod
    def bordelon(cls, a: float, b: float, M: int | None) -> "Spectrum":
        """Bordelon et al. (this spec's a, b): lam_k = k^-b, tw_k = k^-a."""
        return cls(b, a, M, name=f"BAP(a={a}, b={b}, M={M})")

    @classmethod
    def bahri(cls, alpha_K: float, M: int | None) -> "Spectrum":
        """Bahri et al.: kernel spectrum lam_i = i^-(1+alpha_K), isotropic teacher."""
        return cls(1 + alpha_K, 1 + alpha_K, M, name=f"Bahri(alpha_K={alpha_K}, M={M})")

    # ---- arrays ----------------------------------------------------------------
    def arrays(self, M: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        M = M or self.M
        if M is None:
            raise ValueError("an infinite spectrum has no array form; pass M")
        j = np.arange(1, M + 1, dtype=np.float64)
        return self.c_lam * j ** -self.nu_lam, self.c_tw * j ** -self.nu_tw


@dataclass
class Instance:
    """One draw of W, everything in the eigenbasis of K = E[z z^T] = A^T A (A = diag(sqrt lam) W).

    mu: eigenvalues of K (ascending); c0: (u_i . theta*)^2; sigma2: capacity loss L_a (MSE of
    the best linear predictor in the features = Var of y - z.theta*); total: E[y^2]."""
    mu: object
    c0: object
    sigma2: float
    total: float
    K: object = field(repr=False, default=None)
    theta_star: object = field(repr=False, default=None)
    U: object = field(repr=False, default=None)


def draw_W(v: int, d: int, seed: int, xp=None, device=None, device_rng: bool = False):
    """W in R^{v x d} with i.i.d. N(0, 1/d) entries."""
    xp = xp or _np()
    if device_rng and is_torch(xp):
        import torch
        g = torch.Generator(device=device or "cpu").manual_seed(int(seed))
        return torch.randn(v, d, generator=g, dtype=torch.float64, device=device or "cpu") / d ** 0.5
    W = np.random.default_rng(seed).standard_normal((v, d)) / np.sqrt(d)
    return asarray(xp, W, device)


def draw_instance(spec: Spectrum, d: int, seed: int, v: int | None = None, xp=None, device=None,
                  device_rng: bool = False, keep: bool = False) -> Instance:
    """Draw W and return the instance's exact population quantities (no sampling noise)."""
    xp = xp or _np()
    lam, tw = spec.arrays(v)
    v = lam.shape[0]
    if v < d:
        raise ValueError(f"need v >= d, got v={v}, d={d}")
    sl = asarray(xp, np.sqrt(lam), device)
    y = asarray(xp, np.sqrt(tw), device)            # target in whitened latent coordinates: y = sqrt(lam) b
    A = sl[:, None] * draw_W(v, d, seed, xp, device, device_rng)
    K = A.T @ A
    K = (K + K.T) / 2
    g = A.T @ y
    mu, U = xp.linalg.eigh(K)
    proj = U.T @ g                                  # u_i . A^T y
    total = float(np.sum(tw))
    theta_c = proj / mu                             # u_i . theta*
    # capacity loss: |y|^2 - g^T K^-1 g, computed as the residual of the least-squares fit
    theta = U @ theta_c
    res = y - A @ theta
    sigma2 = float(xp.sum(res * res))
    return Instance(mu=mu, c0=theta_c * theta_c, sigma2=sigma2, total=total,
                    K=K if keep else None, theta_star=theta if keep else None, U=U if keep else None)


def capacity_loss(spec: Spectrum, d: int, seeds, v: int | None = None, xp=None, device=None) -> np.ndarray:
    """L_a(d) = min_theta E[(z.theta - y)^2] for each seed (the P = inf, t = inf loss)."""
    return np.array([draw_instance(spec, d, int(s), v, xp, device).sigma2 for s in seeds])


def ols_test_losses(inst: Instance, P: int, draws: int, seed: int, ridge: float = 0.0) -> np.ndarray:
    """Test MSE of (ridge-less) least squares on P fresh samples, for ``draws`` data draws.

    Samples are drawn exactly from the instance's joint law: z ~ N(0, K), y = z.theta* + eps with
    eps ~ N(0, sigma2) independent of z (exact because (z, y) is jointly Gaussian).  The test MSE of
    an estimate th is sigma2 + (th - theta*)^T K (th - theta*) (population risk, no test sampling)."""
    if inst.K is None:
        raise ValueError("draw the instance with keep=True")
    K, ts, s2 = np.asarray(inst.K), np.asarray(inst.theta_star), inst.sigma2
    d = K.shape[0]
    mu, U = np.linalg.eigh(K)
    Lk = U * np.sqrt(np.clip(mu, 0, None))           # K = Lk Lk^T
    rng = np.random.default_rng(seed)
    out = np.empty(draws)
    for i in range(draws):
        Z = rng.standard_normal((P, d)) @ Lk.T
        y = Z @ ts + np.sqrt(s2) * rng.standard_normal(P)
        if ridge > 0:
            th = np.linalg.solve(Z.T @ Z + ridge * P * np.eye(d), Z.T @ y)
        else:
            th = np.linalg.lstsq(Z, y, rcond=None)[0]
        e = th - ts
        out[i] = s2 + e @ K @ e
    return out


def minnorm_width_curve(spec: Spectrum, D: int, Ns, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Ridgeless (min-norm) regression on D samples with N random features, N > D, for every N in Ns,
    and the N = inf (latent-space min-norm) limit on the same data.  Returns (L[draw, N], Linf[draw]).
    Everything is simulated in the latent space (x = sqrt(lam) xi), population losses are exact."""
    lam, tw = spec.arrays()
    sl, st_ = np.sqrt(lam), np.sqrt(tw)
    rng = np.random.default_rng(seed)
    L = np.empty((draws, len(Ns)))
    Linf = np.empty(draws)
    for r in range(draws):
        Xi = rng.standard_normal((D, lam.shape[0]))
        A = Xi * sl
        y = Xi @ st_
        th = A.T @ np.linalg.solve(A @ A.T, y)
        Linf[r] = float(np.sum((sl * th - st_) ** 2))
        for k, N in enumerate(Ns):
            W = rng.standard_normal((lam.shape[0], N)) / np.sqrt(N)
            Z = A @ W
            t = Z.T @ np.linalg.solve(Z @ Z.T, y)
            L[r, k] = float(np.sum((sl * (W @ t) - st_) ** 2))
    return L, Linf


def wishart_excess(inst_mu: np.ndarray, sigma2: float, P: int, draws: int, seed: int) -> np.ndarray:
    """Monte-Carlo of the OLS excess risk E_eps[(th - th*)^T K (th - th*) | Z] = sigma2 tr(K (Z^T Z)^-1)
    for Z^T Z ~ Wishart(K, P), sampled by the Bartlett decomposition in K's eigenbasis (O(d^2) per draw
    via scipy.stats.wishart; the eps-average is done exactly, Rao-Blackwellised)."""
    from scipy.stats import wishart
    d = inst_mu.shape[0]
    S = wishart(df=P, scale=np.eye(d)).rvs(size=draws, random_state=np.random.default_rng(seed))
    S = S.reshape(draws, d, d)
    # Z^T Z = K^1/2 S K^1/2  ->  tr(K (Z^T Z)^-1) = tr(S^-1)
    return sigma2 * np.array([np.trace(np.linalg.inv(s)) for s in S])


def ensemble_capacity(spec: Spectrum, N: int, k: int, seed: int) -> tuple[float, float]:
    """P = inf, t = inf (capacity limit): loss of one model with k N features vs the output average of k
    independent models with N features each.  Returns (L_single(kN), L_ensemble(k x N))."""
    lam, tw = spec.arrays()
    sl, y = np.sqrt(lam), np.sqrt(tw)
    rng = np.random.default_rng(seed)

    def fit(n):
        A = sl[:, None] * (rng.standard_normal((lam.shape[0], n)) / np.sqrt(n))
        th = np.linalg.lstsq(A, y, rcond=None)[0]
        return A @ th                                  # predictor in whitened latent coordinates

    single = float(np.sum((fit(k * N) - y) ** 2))
    u = np.mean([fit(N) for _ in range(k)], axis=0)
    return single, float(np.sum((u - y) ** 2))
