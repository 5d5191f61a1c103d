"""Exact finite worlds for information-theoretic generalization bounds.

A *world* is a finite instance space Z = {0, ..., m-1} with a distribution ``probs``,
a finite hypothesis set {0, ..., k-1} with a loss table ``loss[h, z]`` (values in
[0, 1]) and optionally a prediction table ``pred[h, z]`` (for f-CMI; default: the loss).
A *learner* maps training samples to distributions over hypotheses::

    learner(world, samples) -> array (N, k)      # samples: int array (N, n), rows sum to 1

(``pointwise`` wraps a function of one sample tuple).  ``erm`` and ``gibbs`` are
provided.  ``analyze(world, learner, n)`` enumerates every training set S in Z^n,
every supersample Z~ in Z^{n x 2} and every mask U in {0,1}^n, and returns exact
expectations and mutual informations (nats).  Nothing here knows about bounds: it
only computes distributions and information quantities.

Defining your own world and learner (run as a doctest by tests/unit/test_sim_generalization.py)::

    >>> import numpy as np
    >>> from simulators.generalization.finite_world import FiniteWorld, analyze, pointwise
    >>> # Z = {0, 1, 2} with P = (0.5, 0.3, 0.2); two hypotheses; loss[h, z] in [0, 1]
    >>> world = FiniteWorld(probs=[0.5, 0.3, 0.2], loss=[[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]], name="toy")
    >>> # a (randomized) learner: a batch of training sets (N, n) -> rows of P(h | S), shape (N, k)
    >>> def vote(world, samples):
    ...     p0 = 0.2 + 0.6 * (samples == 0).mean(axis=1)      # P(h = 0 | S) grows with the zeros in S
    ...     return np.stack([p0, 1 - p0], axis=1)
    >>> r = analyze(world, vote, n=2)
    >>> round(r["E_gen"], 6), round(r["E_gen_supersample"], 6)    # two independent routes agree
    (0.1275, 0.1275)
    >>> [round(float(v), 6) for v in r["I_dL"]], round(r["CMI_SZ"], 6), round(r["I_WS"], 6)
    ([0.021473, 0.021473], 0.049429, 0.096372)
    >>> bool(np.mean(np.sqrt(2 * r["I_dL"])) >= r["E_gen"])         # e.g. the ld-CMI bound holds
    True
    >>> # a deterministic learner written for one sample tuple at a time
    >>> r3 = analyze(world, pointwise(lambda s: 0 if 2 * s.count(0) >= len(s) else 1), n=3)
    >>> round(r3["E_gen"], 6), r3["interpolating"]
    (0.2125, False)
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.special import xlogy


@dataclass(frozen=True)
class FiniteWorld:
    probs: np.ndarray                  # (m,) distribution of Z
    loss: np.ndarray                   # (k, m) loss of hypothesis h at z, in [0, 1]
    pred: np.ndarray | None = None     # (k, m) prediction of h at z (f-CMI); default: the loss
    name: str = "world"
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        p = np.asarray(self.probs, float)
        loss = np.asarray(self.loss, float)
        if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1) > 1e-12:
            raise ValueError("probs must be a probability vector")
        if loss.ndim != 2 or loss.shape[1] != p.size:
            raise ValueError("loss must have shape (k, m)")
        if np.any(loss < 0) or np.any(loss > 1):
            raise ValueError("loss values must lie in [0, 1]")
        object.__setattr__(self, "probs", p)
        object.__setattr__(self, "loss", loss)
        pred = loss if self.pred is None else np.asarray(self.pred, float)
        object.__setattr__(self, "pred", pred)

    @property
    def m(self) -> int:
        return self.probs.size

    @property
    def k(self) -> int:
        return self.loss.shape[0]

    def risk(self) -> np.ndarray:
        """Population risk L_mu(h) for every hypothesis."""
        return self.loss @ self.probs


# ---------------------------------------------------------------- learners
def erm(tie: str = "smallest"):
    """Deterministic ERM: the smallest-index hypothesis minimizing the empirical loss."""
    def learner(world: FiniteWorld, samples: np.ndarray) -> np.ndarray:
        emp = world.loss[:, samples].mean(axis=2).T            # (N, k)
        best = emp.min(axis=1, keepdims=True)
        # ties: empirical losses are means of n <= ~10 values in [0, 1], exact to ~1e-15, so two
        # hypotheses whose means differ by < 1e-12 are tied in exact arithmetic (real-valued losses
        # that genuinely differ by < 1e-12 are not drawn by any world here)
        is_min = np.isclose(emp, best, rtol=0, atol=1e-12)
        h = np.argmax(is_min, axis=1) if tie == "smallest" else (world.k - 1 - np.argmax(is_min[:, ::-1], axis=1))
        out = np.zeros_like(emp)
        out[np.arange(len(h)), h] = 1.0
        return out
    learner.__name__ = "erm"
    return learner


def gibbs(gamma: float, prior=None):
    """Gibbs posterior P(h|S) proportional to prior(h) exp(-gamma * n * L_S(h))."""
    def learner(world: FiniteWorld, samples: np.ndarray) -> np.ndarray:
        n = samples.shape[1]
        emp = world.loss[:, samples].mean(axis=2).T
        logp = -gamma * n * emp + (0.0 if prior is None else np.log(np.asarray(prior, float)))
        logp -= logp.max(axis=1, keepdims=True)
        w = np.exp(logp)
        return w / w.sum(axis=1, keepdims=True)
    learner.__name__ = f"gibbs(gamma={gamma:g})"
    learner.gamma = gamma
    learner.prior = prior
    return learner


def pointwise(fn):
    """Wrap fn(sample_tuple) -> hypothesis index or probability vector as a learner."""
    def learner(world: FiniteWorld, samples: np.ndarray) -> np.ndarray:
        out = np.zeros((samples.shape[0], world.k))
        for r, s in enumerate(samples):
            v = fn(tuple(int(z) for z in s))
            if np.isscalar(v):
                out[r, int(v)] = 1.0
            else:
                out[r] = np.asarray(v, float)
        return out
    learner.__name__ = getattr(fn, "__name__", "pointwise")
    return learner


# ---------------------------------------------------------------- World Wd (spec 2.2)
def world_wd(kind: str = "noisy") -> FiniteWorld:
    """X in {0,1,2} w.p. (0.3, 0.4, 0.3); P(Y=1|X) noisy (0.1, 0.8, 0.9) or realizable (0, 1, 1);
    thresholds t in {0,1,2,3}, h_t(x) = 1[x >= t], 0-1 loss.  z = 2*x + y."""
    px = np.array([0.3, 0.4, 0.3])
    py1 = {"noisy": np.array([0.1, 0.8, 0.9]), "realizable": np.array([0.0, 1.0, 1.0])}[kind]
    probs = np.array([[px[x] * (1 - py1[x]), px[x] * py1[x]] for x in range(3)]).ravel()
    xs, ys = np.repeat(np.arange(3), 2), np.tile(np.arange(2), 3)
    pred = np.array([(xs >= t).astype(float) for t in range(4)])
    loss = (pred != ys).astype(float)
    return FiniteWorld(probs, loss, pred, name=f"Wd-{kind}")


def random_world(seed: int, m: int, k: int, binary_loss: bool = True) -> FiniteWorld:
    """A random finite world (for generic soundness checks)."""
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.ones(m))
    loss = rng.integers(0, 2, size=(k, m)).astype(float) if binary_loss else rng.random((k, m))
    return FiniteWorld(probs, loss, name=f"random(seed={seed},m={m},k={k})")


# ---------------------------------------------------------------- information helpers
def mutual_information(joint: np.ndarray) -> np.ndarray:
    """MI (nats) of the last two axes of a joint table (..., a, b) (normalized per leading index)."""
    tot = joint.sum(axis=(-2, -1), keepdims=True)
    j = joint / np.where(tot > 0, tot, 1.0)
    pa = j.sum(axis=-1, keepdims=True)
    pb = j.sum(axis=-2, keepdims=True)
    den = pa * pb
    ratio = np.where(j > 0, j / np.where(den > 0, den, 1.0), 1.0)
    return np.maximum(xlogy(j, ratio).sum(axis=(-2, -1)), 0.0)   # clamp float noise below 0


def _codes(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Global integer codes for the values of a discrete variable; values (..., d) -> codes (...)."""
    flat = values.reshape(-1, values.shape[-1])
    _, inv = np.unique(flat, axis=0, return_inverse=True)
    return inv.reshape(values.shape[:-1]), int(inv.max()) + 1


def _pair(table: np.ndarray) -> np.ndarray:
    """(k, m) -> (k, m, m, 2): entry [h, a, b] = (table[h, a], table[h, b])."""
    k, m = table.shape
    return np.stack([np.broadcast_to(table[:, :, None], (k, m, m)), np.broadcast_to(table[:, None, :], (k, m, m))], -1)


def _table_codes(table: np.ndarray, z0: np.ndarray, z1: np.ndarray) -> tuple[np.ndarray, int]:
    """Codes of a variable g(w, z0, z1) given as a (k, m, m[, d]) table, evaluated at (z0, z1) per supersample."""
    t = table if table.ndim == 4 else table[..., None]
    codes, C = _codes(t)                                     # (k, m, m)
    return codes[:, z0, z1].T, C


def _joint_u_code(p_uw: np.ndarray, codes: np.ndarray, ncodes: int) -> np.ndarray:
    """p_uw (N, 2, k), codes (N, k) -> joint of (U_i, X_i) per supersample, (N, 2, C)."""
    N, _, k = p_uw.shape
    base = (np.arange(N)[:, None] * 2 * ncodes + codes).ravel()          # (N*k,)
    J = np.stack([np.bincount(base + u * ncodes, weights=p_uw[:, u, :].ravel(), minlength=N * 2 * ncodes)
                  for u in (0, 1)])                                        # (2, N*2*C), only u-slot used
    return (J[0] + J[1]).reshape(N, 2, ncodes)


def all_tuples(m: int, n: int) -> np.ndarray:
    return np.array(list(itertools.product(range(m), repeat=n)), dtype=np.int64).reshape(-1, n)


# ---------------------------------------------------------------- exact analysis
def analyze(world: FiniteWorld, learner, n: int) -> dict:
    """Exact quantities of (world, learner, n) by full enumeration.  All MI in nats.

    Returns a dict with (i indexes the n supersample rows):
      E_gen, E_Ln, E_Lmu       (from the m^n training sets directly),
      E_gen_supersample        (same expectation via (Z~, U): consistency check),
      I_dL[i], I_L[i], I_F[i], I_W[i], I_L0[i]  unconditional I(X_i; U_i), X = Delta L, loss pair,
                               prediction pair, W, single loss L_{i,0},
      Iz_dL, Iz_L, Iz_F, Iz_W  (N_supersamples, n) disintegrated I^{z~}(X_i; U_i),
      p_supersample            (N_supersamples,) probability of each z~,
      CMI_SZ                   I(W; U | Z~),
      I_WS, lautum_WS, I_SKL   I(W;S), lautum information L(W;S), their sum (inf if support differs),
      interpolating            True if L_S(W) = 0 almost surely.
    """
    m, k = world.m, world.k
    mu = world.probs
    # --- training sets S in Z^n
    S = all_tuples(m, n)                                     # (m^n, n), row-major order
    pS = np.prod(mu[S], axis=1)
    Q = np.asarray(learner(world, S), float)                  # (m^n, k)
    if Q.shape != (len(S), k) or np.any(Q < -1e-15) or np.max(np.abs(Q.sum(axis=1) - 1)) > 1e-10:
        raise ValueError("learner must return (N, k) probability rows")
    risk = world.risk()
    emp = world.loss[:, S].mean(axis=2).T                     # (m^n, k)
    E_Lmu = float(pS @ (Q @ risk))
    E_Ln = float(np.sum(pS[:, None] * Q * emp))
    PW = pS @ Q
    joint = pS[:, None] * Q
    prod = pS[:, None] * PW[None, :]
    pos = joint > 0
    I_WS = max(float(np.sum(xlogy(joint[pos], joint[pos] / prod[pos]))), 0.0)   # clamp float noise
    if np.any((prod > 0) & ~pos):
        lautum = math.inf
    else:
        pp = prod > 0
        lautum = max(float(np.sum(xlogy(prod[pp], prod[pp] / joint[pp]))), 0.0)
    # E_S KL(Q_S || prior) for learners that declare a prior (Gibbs; None = uniform): the PAC-Bayes complexity
    E_KL_prior = None
    if hasattr(learner, "prior"):
        pi = np.full(k, 1.0 / k) if learner.prior is None else np.asarray(learner.prior, float)
        E_KL_prior = max(float(np.sum(pS[:, None] * xlogy(Q, Q / pi[None, :]))), 0.0)
    interpolating = bool(np.sum(pS[:, None] * Q * (emp > 0)) == 0.0)

    # --- supersamples Z~ in Z^{n x 2} (flattened row-major as (i, j)) and masks U in {0,1}^n
    Zt = all_tuples(m, 2 * n).reshape(-1, n, 2)
    pZ = np.prod(mu[Zt.reshape(len(Zt), -1)], axis=1)
    Us = all_tuples(2, n)                                    # (2^n, n)
    mult = m ** np.arange(n - 1, -1, -1)
    sel = Zt[:, np.arange(n)[None, :], Us]                   # (N, 2^n, n): S = (z~_{i, U_i})_i
    sidx = sel @ mult                                        # row-major index of S
    P = Q[sidx] / len(Us)                                    # (N, 2^n, k): P(U=u, W=w | z~)
    # E[gen] via the supersample: mean_i E[(-1)^{U_i} (L_{i,1} - L_{i,0})]
    N = len(Zt)
    res = {"Iz_dL": np.zeros((N, n)), "Iz_L": np.zeros((N, n)), "Iz_F": np.zeros((N, n)),
           "Iz_W": np.zeros((N, n)), "I_dL": np.zeros(n), "I_L": np.zeros(n), "I_F": np.zeros(n),
           "I_W": np.zeros(n), "I_L0": np.zeros(n)}
    gen_ss = 0.0
    for i in range(n):
        p_uw = np.stack([P[:, Us[:, i] == b, :].sum(axis=1) for b in (0, 1)], axis=1)   # (N, 2, k)
        dL = (world.loss[:, Zt[:, i, 1]] - world.loss[:, Zt[:, i, 0]]).T     # (N, k)
        gen_ss += float(np.sum(pZ[:, None] * (p_uw[:, 0, :] - p_uw[:, 1, :]) * dL)) / n
        z0, z1 = Zt[:, i, 0], Zt[:, i, 1]
        variables = {                                        # codes from small (k, m, m) tables
            "dL": _table_codes(world.loss[:, None, :] - world.loss[:, :, None], z0, z1),
            "L": _table_codes(_pair(world.loss), z0, z1),
            "F": _table_codes(_pair(world.pred), z0, z1),
            "W": (np.broadcast_to(np.arange(k), (N, k)), k),
            "L0": _table_codes(np.broadcast_to(world.loss[:, :, None], (k, m, m)), z0, z1),
        }
        for name, (codes, C) in variables.items():
            J = _joint_u_code(p_uw, codes, C)                # (N, 2, C), each row sums to 1
            if name != "L0":
                res[f"Iz_{name}"][:, i] = mutual_information(J)
            res[f"I_{name}"][i] = float(mutual_information(np.tensordot(pZ, J, axes=1)))
    # Steinke-Zakynthinou conditional MI I(W; U | Z~)
    CMI = float(pZ @ mutual_information(P))
    res.update(E_gen=E_Lmu - E_Ln, E_Ln=E_Ln, E_Lmu=E_Lmu, E_gen_supersample=gen_ss, p_supersample=pZ,
               CMI_SZ=CMI, I_WS=I_WS, P_W=PW, E_KL_prior=E_KL_prior, lautum_WS=lautum, I_SKL=I_WS + lautum, interpolating=interpolating,
               n=n, world=world.name, learner=getattr(learner, "__name__", "learner"))
    return res


def uniform_consistent():
    """Randomized interpolating learner: uniform over the hypotheses with zero empirical loss."""
    def learner(world: FiniteWorld, samples: np.ndarray) -> np.ndarray:
        emp = world.loss[:, samples].mean(axis=2).T
        ok = (emp == 0).astype(float)
        if np.any(ok.sum(axis=1) == 0):
            raise ValueError("uniform_consistent: some sample has no consistent hypothesis")
        return ok / ok.sum(axis=1, keepdims=True)
    learner.__name__ = "uniform_consistent"
    return learner


def random_realizable_world(seed: int, m: int, k: int) -> FiniteWorld:
    """Random 0-1 losses for hypotheses 0..k-2 and a perfect hypothesis k-1 (so ERM with
    smallest-index ties is interpolating but not trivially the perfect one)."""
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.ones(m))
    loss = rng.integers(0, 2, size=(k, m)).astype(float)
    loss[-1] = 0.0
    return FiniteWorld(probs, loss, name=f"random-realizable(seed={seed},m={m},k={k})")


# ---------------------------------------------------------------- parameter-dict front end
def build(spec: dict):
    """(world, learner, n) from a plain parameter dict (what hypothesis draws):
    world: 'noisy' | 'realizable' (World Wd) | 'random' | 'random_realizable';
    learner: 'gibbs' (gamma, prior 'uniform' | 'random') | 'erm' | 'consistent'; n; seed, m, k, loss."""
    w = spec["world"]
    if w in ("noisy", "realizable"):
        world = world_wd(w)
    elif w == "random":
        world = random_world(spec["seed"], spec["m"], spec["k"], binary_loss=spec.get("loss", "binary") == "binary")
    elif w == "random_realizable":
        world = random_realizable_world(spec["seed"], spec["m"], spec["k"])
    else:
        raise ValueError(f"unknown world {w!r}")
    lr = spec["learner"]
    if lr == "gibbs":
        prior = None
        if spec.get("prior", "uniform") == "random":
            prior = np.random.default_rng(spec.get("seed", 0) + 1).dirichlet(np.ones(world.k))
        learner = gibbs(spec["gamma"], prior)
    elif lr == "erm":
        learner = erm()
    elif lr == "consistent":
        learner = uniform_consistent()
    else:
        raise ValueError(f"unknown learner {lr!r}")
    return world, learner, int(spec["n"])


_CACHE: dict = {}


def analyze_spec(spec: dict) -> dict:
    """``analyze`` of ``build(spec)``, memoized (claims and their mutants share worlds)."""
    key = tuple(sorted((k, v) for k, v in spec.items()))
    if key not in _CACHE:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = analyze(*build(spec))
    return _CACHE[key]


def fast_rate_bound(E_Ln: float, I_bar: float, grid: int = 20001) -> dict:
    """min over (C1, C2) > 0 with exp(2 C2) + exp(-2 C2 (C1 + 1)) <= 2 of C1 E_Ln + I_bar / C2.

    For fixed C2 in (0, ln2/2) the constraint is C1 >= -ln(2 - e^{2 C2}) / (2 C2) - 1 and the
    objective increases in C1, so the problem is one-dimensional: a dense grid in C2 refined by
    bounded Brent (scipy minimize_scalar)."""
    from scipy.optimize import minimize_scalar

    cmax = math.log(2) / 2

    def c1(c2):
        return max(-math.log(2 - math.exp(2 * c2)) / (2 * c2) - 1, 0.0)

    def obj(c2):
        return c1(c2) * E_Ln + I_bar / c2

    xs = np.linspace(cmax * 1e-4, cmax * (1 - 1e-9), grid)
    vals = np.array([obj(x) for x in xs])
    j = int(np.argmin(vals))
    lo, hi = xs[max(j - 1, 0)], xs[min(j + 1, len(xs) - 1)]
    r = minimize_scalar(obj, bounds=(lo, hi), method="bounded", options={"xatol": 1e-14})
    best = min((float(r.fun), float(r.x)), (float(vals[j]), float(xs[j])))
    return {"bound": best[0], "C2": best[1], "C1": c1(best[1])}
