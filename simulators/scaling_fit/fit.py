"""Fit L(N, D) = E + A/N^alpha + B/D^beta to a table of runs, with provenance.

    from simulators.scaling_fit import fit_scaling_law
    fit = fit_scaling_law(csv="runs.csv", n_col="params", d_col="tokens", loss_col="loss",
                          bootstrap=400, seed=0)
    fit.params, fit.intervals(), fit.allocation(5.88e23), fit.record

Every fit carries a :class:`FitRecord` (data hash, objective, delta, optimiser and
tolerance, starts, excluded points, bootstrap seed and draws).  Two fits can only
be compared (:func:`compare_fits`) when their records agree, except in the fields
the caller names as deliberately varied.
"""
from __future__ import annotations

import csv as _csv
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import scipy

from .objective import OBJECTIVES, effective_delta, objective, params_from_theta, predict_log_loss
from .optimize import DEFAULT, GRAD_ACCEPT, TIGHT, grid_starts, local_fit, make_fun, multistart, small_starts, starts_id


class DataIntegrityError(ValueError):
    """The data file's sha256 is not the one expected."""


class ProvenanceMismatch(ValueError):
    """Two fits with different provenance were compared."""


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_arrays(*arrays) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(np.asarray(a, dtype="<f8")).tobytes())
    return h.hexdigest()


@dataclass(frozen=True)
class ScalingData:
    """Runs: model size N, tokens D, final loss L (all points, before exclusions)."""
    N: np.ndarray
    D: np.ndarray
    L: np.ndarray
    sha256: str
    source: str = "arrays"

    @property
    def C(self):
        return 6.0 * self.N * self.D

    def __len__(self):
        return int(self.N.size)

    @classmethod
    def from_arrays(cls, N, D=None, L=None, C=None, source="arrays") -> "ScalingData":
        N = np.asarray(N, float)
        if D is None:
            if C is None:
                raise ValueError("give tokens D or training compute C (then D = C / (6 N))")
            D = np.asarray(C, float) / (6.0 * N)
        D, L = np.asarray(D, float), np.asarray(L, float)
        if not (N.shape == D.shape == L.shape and N.ndim == 1):
            raise ValueError("N, D, L must be 1-d arrays of equal length")
        if np.any(~np.isfinite(N) | ~np.isfinite(D) | ~np.isfinite(L)) or np.any((N <= 0) | (D <= 0) | (L <= 0)):
            raise ValueError("N, D, L must be finite and positive")
        return cls(N, D, L, sha256_arrays(N, D, L), source)

    @classmethod
    def from_csv(cls, path, n_col="Model Size", d_col=None, c_col="Training FLOP", loss_col="loss",
                 expected_sha256: str | None = None) -> "ScalingData":
        """Read a CSV; D from ``d_col`` or from ``c_col`` as C / (6 N).  With
        ``expected_sha256`` the file's hash is verified before anything is read."""
        digest = sha256_file(path)
        if expected_sha256 is not None and digest != expected_sha256.lower():
            raise DataIntegrityError(f"{path}: sha256 {digest} differs from the expected {expected_sha256}")
        with open(path, newline="") as f:
            rows = list(_csv.DictReader(f))
        N = np.array([float(r[n_col]) for r in rows])
        L = np.array([float(r[loss_col]) for r in rows])
        if d_col is not None:
            D = np.array([float(r[d_col]) for r in rows])
        else:
            D = np.array([float(r[c_col]) for r in rows]) / (6.0 * N)
        d = cls.from_arrays(N, D, L, source=str(path))
        return cls(d.N, d.D, d.L, digest, str(Path(path).name))


@dataclass(frozen=True)
class FitRecord:
    """Provenance of one fit.  ``environment`` is informative and not compared."""
    data_sha256: str
    n_points: int
    excluded: tuple
    exclusion_rule: str
    objective: str
    delta: float | None
    reduction: str
    optimiser: str
    tolerance: tuple
    starts: str
    bootstrap: str
    bootstrap_seed: int | None
    bootstrap_draws: int
    environment: tuple = field(default=(), compare=False)

    COMPARED = ("data_sha256", "n_points", "excluded", "exclusion_rule", "objective", "delta", "reduction",
                "optimiser", "tolerance", "starts", "bootstrap", "bootstrap_seed", "bootstrap_draws")

    def diff(self, other: "FitRecord") -> dict:
        return {k: (getattr(self, k), getattr(other, k)) for k in self.COMPARED
                if getattr(self, k) != getattr(other, k)}

    def to_json(self) -> dict:
        d = asdict(self)
        d["tolerance"] = dict(self.tolerance)
        d["excluded"] = list(self.excluded)
        d["environment"] = dict(self.environment)
        return d


def derived_quantities(theta) -> dict:
    """E, A, B, alpha, beta and the compute-optimal allocation exponents
    a_N = beta/(alpha+beta) (N_opt ~ C^a_N), b_D = alpha/(alpha+beta), and
    G = (alpha A / (beta B))^(1/(alpha+beta))."""
    p = params_from_theta(theta)
    s = p["alpha"] + p["beta"]
    p["a_N"] = p["beta"] / s
    p["b_D"] = p["alpha"] / s
    a, b = float(theta[0]), float(theta[1])
    p["log_G"] = (np.log(p["alpha"] / p["beta"]) + a - b) / s if p["alpha"] > 0 and p["beta"] > 0 else np.nan
    p["log_A"], p["log_B"], p["log_E"] = a, b, float(theta[2])
    return p


def allocation(theta, C):
    """Compute-optimal N_opt, D_opt for C = 6 N D (closed form of the replication's
    ``compute_optimal_allocation``): N_opt = G (C/6)^a_N, D_opt = G^-1 (C/6)^b_D."""
    q = derived_quantities(theta)
    C = np.asarray(C, float)
    G = np.exp(q["log_G"])
    return G * (C / 6.0) ** q["a_N"], (C / 6.0) ** q["b_D"] / G


@dataclass
class ScalingLawFit:
    theta: np.ndarray
    objective_value: float
    grad_inf: float
    converged: bool
    message: str
    record: FitRecord
    data: ScalingData
    mask: np.ndarray                       # points used (after exclusions)
    n_start_converged: int = 0
    boot_theta: np.ndarray | None = None   # (draws, 5)
    boot_converged: np.ndarray | None = None

    # ---- results ---------------------------------------------------------
    @property
    def params(self) -> dict:
        return derived_quantities(self.theta)

    def predict(self, N, D):
        lse, _ = predict_log_loss(self.theta, np.log(np.asarray(N, float)), np.log(np.asarray(D, float)))
        return np.exp(lse)

    def allocation(self, C):
        """(N_opt, D_opt) for compute C = 6 N D."""
        return allocation(self.theta, C)

    def tokens_per_param(self, C):
        n, d = self.allocation(C)
        return d / n

    def bootstrap_values(self, name: str, C=None, converged_only: bool = False) -> np.ndarray:
        """Bootstrap replicates of a derived quantity (``D/N`` needs a target compute C).
        All draws by default; ``boot_converged`` says which refits are stationary (|grad| <= 1e-7 n)."""
        if self.boot_theta is None:
            raise ValueError("fit was made without bootstrap draws (bootstrap=0)")
        th = self.boot_theta[self.boot_converged] if converged_only else self.boot_theta
        if name == "D/N":
            return np.array([allocation(t, C)[1] / allocation(t, C)[0] for t in th])
        return np.array([derived_quantities(t)[name] for t in th])

    def intervals(self, confidence=0.95, names=("E", "A", "B", "alpha", "beta", "a_N", "log_A", "log_B", "log_E")):
        """Percentile pair-bootstrap intervals {name: (lo, hi)}."""
        q = (1 - confidence) / 2
        return {n: tuple(float(v) for v in np.quantile(self.bootstrap_values(n), [q, 1 - q])) for n in names}

    def se(self, name: str, C=None) -> float:
        """Bootstrap standard error of a derived quantity."""
        return float(np.std(self.bootstrap_values(name, C), ddof=1))

    def heldout_error(self, N, D, L) -> dict:
        """Extrapolation error on held-out runs, in log-loss."""
        r = np.log(self.predict(N, D)) - np.log(np.asarray(L, float))
        return {"rmse_log": float(np.sqrt(np.mean(r ** 2))), "mae_log": float(np.mean(np.abs(r))),
                "max_abs_log": float(np.max(np.abs(r))), "bias_log": float(np.mean(r)), "n": int(r.size)}

    def summary(self) -> dict:
        return {"params": self.params, "objective": self.objective_value, "grad_inf": self.grad_inf,
                "converged": self.converged, "record": self.record.to_json()}


def _resolve_starts(starts, n_starts, seed_starts=0):
    if isinstance(starts, str):
        if starts == "small":
            return small_starts(n_starts, seed_starts), starts_id(small_starts(n_starts, seed_starts),
                                                                  f"sobol(seed={seed_starts})")
        if starts == "grid":
            g = grid_starts()
            return g, starts_id(g, "replication grid")
        raise ValueError("starts must be 'small', 'grid' or an (k, 5) array")
    arr = np.atleast_2d(np.asarray(starts, float))
    return arr, starts_id(arr, "user")


def _resolve_tol(tol):
    if tol == "tight" or tol is None:
        return dict(TIGHT), "tight"
    if tol == "default":
        return dict(DEFAULT), "scipy-default"
    return dict(tol), "user"


def fit_scaling_law(N=None, D=None, L=None, *, C=None, data: ScalingData | None = None, csv=None,
                    n_col="Model Size", d_col=None, c_col="Training FLOP", loss_col="loss",
                    expected_sha256=None, exclude=None, drop_highest_loss: int = 0, exclusion_rule: str = "",
                    objective: str = "huber", delta=None, reduction: str = "sum",
                    starts="small", n_starts: int = 20, tol="tight",
                    bootstrap: int = 0, seed: int = 0, boot_starts: str = "warm") -> ScalingLawFit:
    """Fit E + A/N^alpha + B/D^beta (log-sum-exp parameterisation, L-BFGS multi-start).

    Data: arrays (N, D or C, L), a :class:`ScalingData`, or ``csv=`` path (columns
    ``n_col``, ``d_col`` or ``c_col`` (D = C/6N), ``loss_col``; ``expected_sha256``
    verifies the file).  Exclusions: ``exclude`` (indices) and/or
    ``drop_highest_loss=k`` (the replication drops the 5 highest-loss runs).
    Objective: ``huber`` (delta 1e-3 on log L), ``lad``, ``mse_log``, ``mse_L``;
    ``reduction='sum'`` (``'mean'`` reproduces the loss-scale mistake).
    Optimiser: scipy L-BFGS-B with analytic gradient from ``starts`` ('small': 20
    Sobol starts, 'grid': the 4500-point grid, or an array), ``tol`` 'tight' or 'default'.
    Bootstrap: ``bootstrap`` pair-bootstrap draws with ``seed``, each refitted
    from the point estimate (``boot_starts='warm'``).
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}")
    if data is None:
        if csv is not None:
            data = ScalingData.from_csv(csv, n_col=n_col, d_col=d_col, c_col=c_col, loss_col=loss_col,
                                        expected_sha256=expected_sha256)
        else:
            data = ScalingData.from_arrays(N, D, L, C)
    n = len(data)
    excl = set(int(i) for i in (exclude if exclude is not None else ()))
    rules = [exclusion_rule] if exclusion_rule else []
    if drop_highest_loss:
        excl |= set(int(i) for i in np.argsort(data.L, kind="stable")[n - drop_highest_loss:])
        rules.append(f"drop {drop_highest_loss} highest-loss points")
    mask = np.ones(n, bool)
    mask[list(excl)] = False
    logN, logD, logL = np.log(data.N[mask]), np.log(data.D[mask]), np.log(data.L[mask])

    S, sid = _resolve_starts(starts, n_starts)
    tol_d, tol_name = _resolve_tol(tol)
    best, allres = multistart(logN, logD, logL, S, objective, delta, reduction, tol_d, keep_all=True)
    if best is None:
        raise RuntimeError("no start gave a finite objective")
    # convergence judged on the summed objective's gradient, whatever the reduction
    fsum = make_fun(logN, logD, logL, objective, delta, "sum")
    f_sum, g_sum = fsum(best.theta)
    gi = float(np.max(np.abs(g_sum)))
    n_conv = sum(1 for r in allres if np.isfinite(r.fun) and r.fun - best.fun <= 1e-8 * max(1.0, abs(best.fun)))

    boot_theta = boot_conv = None
    if bootstrap:
        rng = np.random.default_rng(seed)
        idx_used = np.flatnonzero(mask)
        boot_theta = np.empty((bootstrap, 5))
        boot_conv = np.zeros(bootstrap, bool)
        for j in range(bootstrap):
            ii = rng.integers(0, idx_used.size, idx_used.size)
            fb = make_fun(logN[ii], logD[ii], logL[ii], objective, delta, reduction)
            if boot_starts == "warm":
                r = local_fit(fb, best.theta, tol_d, n_points=ii.size)
            else:
                r, _ = multistart(logN[ii], logD[ii], logL[ii], S, objective, delta, reduction, tol_d)
            boot_theta[j] = r.theta
            fbs = make_fun(logN[ii], logD[ii], logL[ii], objective, delta, "sum")
            g = fbs(r.theta)[1]
            boot_conv[j] = bool(np.isfinite(r.fun)) and float(np.max(np.abs(g))) <= GRAD_ACCEPT * ii.size

    env = (("numpy", np.__version__), ("scipy", scipy.__version__))
    rec = FitRecord(
        data_sha256=data.sha256, n_points=int(mask.sum()), excluded=tuple(sorted(excl)),
        exclusion_rule="; ".join(rules) or "none", objective=objective,
        delta=effective_delta(objective, delta), reduction=reduction,
        optimiser="scipy.optimize.minimize(method='L-BFGS-B', jac=analytic)",
        tolerance=tuple(sorted(tol_d.items())) + (("preset", tol_name),), starts=sid,
        bootstrap=("pair bootstrap, refit from " + ("the point estimate" if boot_starts == "warm" else "all starts"))
        if bootstrap else "none",
        bootstrap_seed=int(seed) if bootstrap else None, bootstrap_draws=int(bootstrap), environment=env)
    return ScalingLawFit(best.theta, float(f_sum), gi, gi <= GRAD_ACCEPT * max(1, logN.size), best.message, rec, data,
                         mask, n_conv, boot_theta, boot_conv)


def compare_fits(f1: ScalingLawFit, f2: ScalingLawFit, vary=(), C=None) -> dict:
    """Differences of the decision quantities between two fits.  Raises
    :class:`ProvenanceMismatch` when their records differ in any field not named in
    ``vary`` (e.g. ``vary=("objective", "delta")`` for an objective-sensitivity study)."""
    d = f1.record.diff(f2.record)
    bad = {k: v for k, v in d.items() if k not in set(vary)}
    if bad:
        lines = "; ".join(f"{k}: {a!r} vs {b!r}" for k, (a, b) in bad.items())
        raise ProvenanceMismatch(f"fits have different provenance ({lines}); name the fields you vary "
                                 f"deliberately in vary=...")
    p1, p2 = f1.params, f2.params
    out = {k: p2[k] - p1[k] for k in ("log_A", "log_B", "log_E", "alpha", "beta", "a_N")}
    if C is not None:
        out["D/N"] = float(f2.tokens_per_param(C) / f1.tokens_per_param(C))
    out["varied"] = sorted(d)
    return out
