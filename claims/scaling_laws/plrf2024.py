"""Paquette, Paquette, Xiao & Pennington (NeurIPS 2024), "4+3 Phases of Compute-Optimal Neural Scaling Laws".

Power-law random features (PLRF): x ~ N(0, I_v), z = W^T D x, D = diag(j^-alpha), W_jk ~ N(0, 1/d),
target b_j = j^-beta, one-pass SGD (batch 1), compute f = d r.  Engine: ``simulators.scaling`` with
``Spectrum.plrf(alpha, beta, v)`` (lam_j = j^-2alpha, tw_j = j^-2alpha-2beta).  Losses in the engine are
MSE (= 2 P(r)); exponents do not depend on the factor.

The Ia / II / III compute-optimal exponents are DERIVED by balancing the loss terms (spec section 2.3);
their match with the paper's table is UNCONFIRMED.  Phases Ib, Ic, IVa/IVb: exponents UNCONFIRMED,
registered below with that status.
"""
from __future__ import annotations

import math

import numpy as np

from claims.core import (CIContains, Claim, Constant, Equal, Mutant, Plot, Quantity, Source, StrictlyGreater, st)
from claims.scaling_laws._theory import cached, de_dps, loglog_plot
from simulators.scaling import de
from simulators.scaling.experiments import learning_curves
from simulators.scaling.fit import (frontier, frontier_exponents, local_slopes, loglog_fit, loglog_slope,
                                    seed_bootstrap)
from simulators.scaling.model import Spectrum, draw_instance

SRC = dict(title="4+3 Phases of Compute-Optimal Neural Scaling Laws",
           authors="E. Paquette, C. Paquette, L. Xiao, J. Pennington", year=2024, arxiv="2405.15074",
           venue="NeurIPS 2024")


def source(locator):
    return Source(locator=locator, **SRC)


# ---------------------------------------------------------------------------------------------
# the phase table (spec section 2.3)
# ---------------------------------------------------------------------------------------------

def phase_of(alpha, beta):
    if 2 * alpha > 1 and 2 * beta < 1:
        return "Ia"
    if 2 * alpha > 1 and 2 * beta > 1:
        return "II" if beta < alpha else "III"
    if 2 * beta < 1 and 0.25 < alpha < 0.5 and alpha + beta > 0.5:
        return "Ib"
    if 2 * beta > 1 and alpha < 0.25:
        return "Ic"
    if 2 * beta > 1 and 0.25 < alpha < 0.5:
        return "IV"
    return "boundary/invalid"


TABLE = {
    "Ia": lambda a, b: (1 / (2 * a + 1), (2 * a + 2 * b - 1) / (2 * a + 1)),
    "II": lambda a, b: (b / (a + b), (2 * a + 2 * b - 1) / (2 * (a + b))),
    "III": lambda a, b: (0.5, 1 - 1 / (4 * a)),
}


def exponents(alpha, beta, table=TABLE, phase=None):
    """(xi, eta): d* ~ f^xi, P* ~ f^-eta (phases Ia, II, III)."""
    return table[phase or phase_of(alpha, beta)](alpha, beta)


# ---------------------------------------------------------------------------------------------
# continuity of the phase formulas across the boundaries 2 beta = 1 and beta = alpha (spec 2.4)
# ---------------------------------------------------------------------------------------------

DELTA = 1e-9


def jump(p, table=TABLE):
    a, b, kind = p["alpha"], p["beta"], p["kind"]
    if kind == "2beta=1":
        pairs = [((a, 0.5 - DELTA), (a, 0.5 + DELTA))]
    elif kind == "beta=alpha":
        pairs = [((a, a - DELTA), (a, a + DELTA))]
    else:
        pairs = [((a, b), (a + DELTA, b + DELTA))]
    return max(max(abs(u - v) for u, v in zip(exponents(*x, table), exponents(*y, table))) for x, y in pairs)


interior = st.tuples(st.floats(0.55, 2.5), st.floats(0.05, 2.5)).filter(
    lambda ab: phase_of(*ab) in TABLE and min(abs(2 * ab[1] - 1), abs(ab[1] - ab[0])) >= 0.08).map(
    lambda ab: {"alpha": ab[0], "beta": ab[1], "kind": "interior"})
on_2beta = st.floats(0.55, 2.5).map(lambda a: {"alpha": a, "beta": 0.5, "kind": "2beta=1"})
on_diag = st.floats(0.55, 2.5).map(lambda a: {"alpha": a, "beta": a, "kind": "beta=alpha"})


def _table_with(phase, fn):
    t = dict(TABLE)
    t[phase] = fn
    return t


phase_continuity = Claim(
    name="phase_continuity", source=source("compute-optimal exponent table (table number UNCONFIRMED)"),
    kind="identity",
    statement=r"The compute-optimal exponents $(\xi, \eta)$ of phases Ia, II, III are continuous across the "
              r"boundaries: on $2\beta=1$ Ia and II give $\eta = 2\alpha/(2\alpha+1)$, $\xi = 1/(2\alpha+1)$; on "
              r"$\beta=\alpha$ II and III give $\eta = (4\alpha-1)/(4\alpha)$, $\xi = 1/2$.",
    assumptions=["2 alpha > 1 (above the high-dimensional line)", "interior draws >= 0.08 from a boundary"],
    params=st.one_of(interior, on_2beta, on_diag),
    examples=[{"alpha": 0.7, "beta": 0.5, "kind": "2beta=1"}, {"alpha": 0.7, "beta": 0.7, "kind": "beta=alpha"},
              {"alpha": 1.0, "beta": 0.3, "kind": "interior"}],
    predict=lambda p, ctx: Quantity.exact(0.0),
    measure=lambda p, ctx: Quantity.pm(jump(p), 1e-12, note=f"largest jump of (xi, eta) across +-{DELTA:g}"),
    relation=Equal(atol=1e-6, why="the formulas are Lipschitz (constant < 10) in (alpha, beta), so a continuous "
                                  "table moves by < 1e-8 over the 1e-9 step; 1e-6 leaves float room"),
    provenance="derived", max_examples={"quick": 40, "full": 300},
    constants=[Constant("table", "Ia/II/III exponents", "derived",
                        "derived by term balancing (spec 2.3); match with the paper's table UNCONFIRMED")],
    mutants=[
        Mutant("phase3_eta_wrong", "Phase III eta = 1 - 1/(2 alpha)",
               measure=lambda p, ctx: Quantity.pm(jump(p, _table_with("III", lambda a, b: (0.5, 1 - 1 / (2 * a)))), 1e-12)),
        Mutant("phase2_xi_wrong", "Phase II xi = alpha/(alpha+beta)",
               measure=lambda p, ctx: Quantity.pm(jump(p, _table_with("II", lambda a, b: (a / (a + b), (2 * a + 2 * b - 1) / (2 * (a + b))))), 1e-12)),
        Mutant("phase1_eta_wrong", "Phase Ia eta = (2 alpha + 2 beta)/(2 alpha + 1)",
               measure=lambda p, ctx: Quantity.pm(jump(p, _table_with("Ia", lambda a, b: (1 / (2 * a + 1), (2 * a + 2 * b) / (2 * a + 1)))), 1e-12)),
    ],
)


# ---------------------------------------------------------------------------------------------
# PLRF-1: capacity (size) exponent F_0(d) ~ d^-min(2 alpha, 2 alpha + 2 beta - 1)
# ---------------------------------------------------------------------------------------------

def size_exponent(alpha, beta):
    return min(2 * alpha, 2 * alpha + 2 * beta - 1)


@cached
def _de_F0(alpha, beta, ds, vratio, dps):
    out = []
    for d in ds:
        spec = Spectrum.plrf(alpha, beta, None if vratio is None else vratio * d)
        out.append(float(de.loss_rp(spec, d, dps=dps)[0]))
    return np.array(out)


DE_DS = tuple(int(round(2 ** (k / 2))) for k in range(20, 24))     # 1024 .. 2896, ratio sqrt 2


def size_de_measure(p, ctx):
    a, b = p["alpha"], p["beta"]
    F = _de_F0(alpha=a, beta=b, ds=DE_DS, vratio=None, dps=de_dps(ctx))
    x, s = local_slopes(DE_DS, F)
    ctx.record(local_slopes=np.round(s, 4).tolist())
    ctx.plot(loglog_plot(f"PLRF-1 DE: F_0(d), alpha={a}, beta={b}", "d", "F_0 (MSE)", DE_DS, F,
                         fit=loglog_fit(DE_DS, F), pred_slope=-size_exponent(a, b), pred_band=0.02))
    return Quantity.interval(-s.max(), -s.min(), note="range of DE local slopes, d in [2^10, 2^11.5], v = inf")


size_points = st.sampled_from([(0.7, 1.5), (1.0, 0.1), (1.0, 1.5), (1.0, 0.0), (1.5, 0.05), (1.5, 1.0), (0.8, 1.2)]).map(
    lambda ab: {"alpha": ab[0], "beta": ab[1]})

size_exponent_de = Claim(
    name="size_exponent_de", source=source("capacity term F_0 (spec 0.1 / 2.2; [2ND] + DERIVED + checked)"),
    statement=r"$F_0(d) \propto d^{-\min(2\alpha,\, 2\alpha+2\beta-1)}$: the deterministic equivalent's local slope "
              r"is within $\pm 0.02$ of the exponent for $d \in [2^{10}, 2^{11.5}]$ ($v = \infty$, $2\alpha > 1$, "
              r"$|2\beta - 1| \ge 0.8$); "
              r"the exponent saturates at $2\alpha$ (not $2\alpha+2\beta-1$) when $2\beta > 1$.",
    assumptions=["2 alpha > 1 (v = inf allowed)",
                 "|2 beta - 1| >= 0.8: the DE's correction to scaling decays like d^-|1 - 2 beta| (at (0.7, 0.3) the "
                 "local slope is still 0.018-0.024 off at d = 2^10..2^12, measured)"],
    params=size_points, assume=lambda p: 2 * p["alpha"] > 1 and abs(2 * p["beta"] - 1) >= 0.8,
    # quick tier: integer spectral exponents (fast Euler-Maclaurin tails); (0.7, 1.5) etc. in the full tier
    examples=[{"alpha": 1.0, "beta": 1.5}, {"alpha": 1.0, "beta": 0.0}],
    predict=lambda p, ctx: Quantity.exact(size_exponent(p["alpha"], p["beta"])),
    measure=size_de_measure,
    relation=Equal(atol=0.02, why="spec tolerance for the DE at d >= 2^10: finite-d corrections to the local "
                                  "slope (power-law corrections, measured 0.03-0.06 at d ~ 32-512) are < 0.02 there"),
    provenance="derived", max_examples={"quick": 0, "full": 6}, budget_s={"quick": 15, "full": 120},
    mutants=[Mutant("no_saturation", "exponent 2 alpha + 2 beta - 1 also for 2 beta > 1 (4 vs 2 at (1.0, 1.5))",
                    predict=lambda p, ctx: Quantity.exact(2 * p["alpha"] + 2 * p["beta"] - 1)),
             Mutant("exponent_plus_0_1", "exponent + 0.1 (5x the DE tolerance)",
                    predict=lambda p, ctx: Quantity.exact(size_exponent(p["alpha"], p["beta"]) + 0.1))],
)


# instances (evaluator a) with the tolerance taken from the DE's finite-size bias at the same sizes
INST_DS = (32, 45, 64, 91, 128, 181)
INST_TOL = 0.12   # spec PLRF-1: instance tolerance at d <= 512
VRATIO = 16


@cached
def _inst_F0(alpha, beta, ds, seeds, vratio):
    return np.array([[draw_instance(Spectrum.plrf(alpha, beta, vratio * d), d, 1000 * s + d).sigma2 for d in ds]
                     for s in range(seeds)])


def size_inst_measure(p, ctx):
    a, b, S = p["alpha"], p["beta"], p["seeds"]
    Y = _inst_F0(alpha=a, beta=b, ds=INST_DS, seeds=S, vratio=VRATIO)
    point, reps = seed_bootstrap(Y, lambda y: -loglog_slope(INST_DS, y), n_boot=400, seed=ctx.seed % 2 ** 32)
    ci = Quantity.bootstrap(reps, point)
    dps = de_dps(ctx)
    # finite-size bias: the same fitter on the DE at the same sizes (v = 16 d) vs the DE far out (d ~ 2^12, v = inf)
    s_same = -loglog_slope(INST_DS, _de_F0(alpha=a, beta=b, ds=INST_DS, vratio=VRATIO, dps=dps))
    s_far = -loglog_slope(DE_DS, _de_F0(alpha=a, beta=b, ds=DE_DS, vratio=None, dps=dps))
    bias = abs(s_same - s_far)
    ctx.record(fitted=point, ci=[ci.lo, ci.hi], de_same_sizes=s_same, de_far=s_far, finite_size_bias=bias)
    m = Y.mean(0)
    ctx.plot(loglog_plot(f"PLRF-1 instances: F_0(d), alpha={a}, beta={b}, {S} seeds", "d", "F_0 (MSE)",
                         INST_DS, m, lo=np.quantile(Y, 0.025, 0), hi=np.quantile(Y, 0.975, 0),
                         fit=loglog_fit(INST_DS, m), pred_slope=-size_exponent(a, b), pred_band=bias))
    return Quantity.interval(ci.lo - bias, ci.hi + bias, value=point,
                             note=f"95% seed-bootstrap CI of the OLS exponent, widened by the DE finite-size "
                                  f"bias {bias:.3f} (same fitter on the DE at the same sizes vs d ~ 2^12)",
                             kind="statistical")


size_exponent_instances = Claim(
    name="size_exponent_instances", source=source("capacity term F_0 (spec 0.1; DERIVED + checked)"),
    statement=r"Random PLRF instances ($v = 16d$, $d \in [32, 181]$, seed bootstrap) show "
              r"$F_0 \propto d^{-\min(2\alpha, 2\alpha+2\beta-1)}$ within the finite-size bias the deterministic "
              r"equivalent predicts at the same sizes.",
    assumptions=["2 alpha > 1", "|2 beta - 1| >= 0.8"],
    params=st.sampled_from([(0.7, 1.5), (1.0, 0.1), (1.0, 1.5)]).map(
        lambda ab: {"alpha": ab[0], "beta": ab[1], "seeds": 8}),
    assume=lambda p: 2 * p["alpha"] > 1 and abs(2 * p["beta"] - 1) >= 0.8,
    examples=[{"alpha": 1.0, "beta": 1.5, "seeds": 8}],
    predict=lambda p, ctx: Quantity.exact(size_exponent(p["alpha"], p["beta"])),
    measure=size_inst_measure,
    constants=[Constant("instance tolerance", INST_TOL, "unconfirmed",
                        "spec PLRF-1 instance tolerance, not a measured bias; needed at (0.7, 1.5), where the "
                        "bias-widened CI [1.21, 1.38] misses 1.4 by 0.02")],
    relation=CIContains(tol=INST_TOL, why="measured side = 95% seed-bootstrap CI widened by the DE-measured "
                                          "finite-size bias (G3); plus the SPEC's instance tolerance 0.12 (a spec "
                                          "number, not measured here): at d <= 256 "
                                          "the instance-mean exponent departs from the DE's (measured: 1.31 vs DE "
                                          "1.37 at (0.7, 1.5)), which the DE bias alone does not cover"),
    provenance="derived", depends_on=["size_exponent_de"],
    max_examples={"quick": 0, "full": 3}, budget_s={"quick": 15, "full": 120},
    mutants=[Mutant("no_saturation", "exponent 2 alpha + 2 beta - 1 for 2 beta > 1",
                    predict=lambda p, ctx: Quantity.exact(2 * p["alpha"] + 2 * p["beta"] - 1)),
             Mutant("exponent_plus_0_1", "exponent + 0.1: below 2x the CPU tolerance (CI ~ +-0.05 plus bias)",
                    predict=lambda p, ctx: Quantity.exact(size_exponent(p["alpha"], p["beta"]) + 0.1),
                    tiers=("gpu",), skip_reason="0.1 < 2x the CPU tolerance (0.12 + CI + DE bias) at d <= 181; "
                                                "gpu tier: d <= 16k, 16 seeds")],
)


# ---------------------------------------------------------------------------------------------
# PLRF-3 / 4 / 5 / 6: compute-optimal frontier from the exact SGD risk recursion
# ---------------------------------------------------------------------------------------------

SIZES = {  # spec PLRF-3 CPU recipe (quick = full here; the gpu tier is the larger version)
    "quick": dict(ds=tuple(int(round(16 * 2 ** (k / 2))) for k in range(13)), vmin=2048, vratio=8, r_max=60_000),
    "full": dict(ds=tuple(int(round(16 * 2 ** (k / 2))) for k in range(13)), vmin=2048, vratio=8, r_max=60_000),
    # gpu tier (run with --tier gpu --backend torch): d = 64 .. 16384, v = max(8 d, 16384), r <= 2e6, fp64,
    # W drawn on the device; all d in one batched recursion
    "gpu": dict(ds=tuple(int(round(64 * 2 ** (k / 2))) for k in range(17)), vmin=16384, vratio=8, r_max=2_000_000),
}


@cached
def _curves(alpha, beta, B, tier, seed, backend="numpy"):
    cfg = SIZES[tier]
    xp, device = None, None
    if backend == "torch":
        import array_api_compat.torch as xp
        from simulators.backend import cuda_available
        device = "cuda" if cuda_available() else "cpu"
    return learning_curves(lambda v: Spectrum.plrf(alpha, beta, v), cfg["ds"],
                           lambda d: max(cfg["vratio"] * d, cfg["vmin"]), cfg["r_max"], B=B, seed=seed,
                           xp=xp, device=device, device_rng=(tier == "gpu" and backend == "torch"))


def _frontier(alpha, beta, B, ctx, seed=0):
    tier = ctx.tier if ctx.tier in SIZES else "quick"
    if tier == "full":
        tier = "quick"        # same sizes: share the cache
    res = _curves(alpha=alpha, beta=beta, B=B, tier=tier, seed=seed, backend=ctx.backend)
    ds = SIZES[tier]["ds"]
    fr = frontier(ds, res["times"], res["L"])
    return ds, res, fr


def _frontier_plot(title, fr, which, pred):
    f = fr["f"]
    y = fr["d_star"] if which == "xi" else fr["L_star"]
    s, c = loglog_fit(f, y)
    return loglog_plot(title, "compute f = d r", "d*" if which == "xi" else "L* (MSE)", f, y, fit=(s, c),
                       pred_slope=pred if which == "xi" else -pred, pred_band=TOL[which])


TOL = {"eta": 0.06, "xi": 0.10}
TOL_WHY = ("the SPEC's 'honest CPU tolerance' (PLRF-3), NOT a bias measured here: the spec calibrated it on its own "
           "single-seed runs at d <= 1024, r <= 6e4 (finite-size error up to 0.06 in eta, 0.10 in xi >= 0.15 from a "
           "boundary).  The issue asks for the DE-measured finite-size bias of the same fitter; the frontier has no "
           "DE learning curves yet, so that bias is not available.  The measured side is a seed-bootstrap CI")
TOL_CONSTANT = Constant("frontier tolerance", "eta 0.06, xi 0.10", "unconfirmed",
                        "spec PLRF-3 CPU tolerance, not a DE-measured finite-size bias (no DE of the frontier yet)")
FRONTIER_SEEDS = {"quick": 3, "full": 8, "gpu": 16}


@cached
def _boot_exponents(alpha, beta, B, tier, seeds, backend, n_boot=200, boot_seed=0):
    """Seed bootstrap of the frontier (spec 1.3): average the loss curves over resampled W seeds, refit."""
    res = [_curves(alpha=alpha, beta=beta, B=B, tier=tier, seed=s, backend=backend) for s in range(seeds)]
    ds, times = SIZES[tier]["ds"], res[0]["times"]
    Y = np.array([r["L"] for r in res])
    fr = frontier(ds, times, Y.mean(0))
    point = frontier_exponents(fr)
    rng = np.random.default_rng(boot_seed)
    reps = []
    for _ in range(n_boot):
        try:
            reps.append(frontier_exponents(frontier(ds, times, Y[rng.integers(0, seeds, seeds)].mean(0))))
        except ValueError:
            reps.append((np.nan, np.nan))
    return fr, point, np.array(reps)


def co_measure(which):
    def measure(p, ctx):
        tier = ctx.tier if ctx.tier in SIZES else "quick"
        seeds = FRONTIER_SEEDS.get(tier, 3)
        tier = "quick" if tier == "full" else tier          # same sizes: share the cache
        fr, (xi, eta), reps = _boot_exponents(alpha=p["alpha"], beta=p["beta"], B=p.get("B", 1.0), tier=tier,
                                              seeds=seeds, backend=ctx.backend)
        k = 0 if which == "xi" else 1
        q = Quantity.bootstrap(reps[:, k], (xi, eta)[k],
                               note=f"95% seed bootstrap ({seeds} seeds of W, 200 replicates) of the OLS exponent over "
                                    "the interior compute-optimal points of the seed-averaged curves (exact expected "
                                    "risk: no SGD sampling noise)")
        ctx.record(xi=xi, eta=eta, ci=[q.lo, q.hi], seeds=seeds, phase=phase_of(p["alpha"], p["beta"]),
                   interior_budgets=len(fr["f"]))
        ctx.plot(_frontier_plot(f"PLRF-3 frontier ({which}), alpha={p['alpha']}, beta={p['beta']}, {seeds} seeds",
                                fr, which, exponents(p["alpha"], p["beta"])[k]))
        return q
    return measure


def co_predict(which, table=TABLE, phase=None):
    k = 0 if which == "xi" else 1
    return lambda p, ctx: Quantity.exact(exponents(p["alpha"], p["beta"], table, phase)[k])


co_points = st.sampled_from([(0.7, 0.3), (1.0, 0.75), (0.7, 1.0), (1.5, 0.75), (2.0, 0.75), (1.0, 1.5)]).map(
    lambda ab: {"alpha": ab[0], "beta": ab[1]})
co_examples = [{"alpha": 0.7, "beta": 0.3}, {"alpha": 1.0, "beta": 0.75}, {"alpha": 0.7, "beta": 1.0}]

CO_NOTES = ("Measured side changed in review: it was ONE draw of W reported with zero uncertainty, and passed eta at "
            "(1.0, 0.75) and (0.7, 1.0) with 0.004 and 0.0015 of the 0.06 tolerance to spare; seeds 0-2 alone give eta "
            "0.770 / 0.749 / 0.648 at (1.0, 0.75), so the seed spread is larger than the tolerance.  It is now the "
            "seed-averaged frontier with a 95% seed-bootstrap CI (3 seeds quick, 8 full), which makes some points "
            "inconclusive at the spec tolerance: quick tier eta at (1.0, 0.75) is 0.734, CI [0.647, 0.770] against "
            "0.714 +- 0.06 -> undecided.  With 3 seeds the percentile CI is bounded by the most extreme single seed "
            "(it understates the spread): eta at (0.7, 1.0) still holds by only 0.0015 and xi at (1.0, 0.75) by "
            "0.005; treat those as marginal.  Full tier (single-seed version): eta at (1.5, 0.75) REFUTED, "
            "|0.069| off against the 0.06 tolerance.  The tolerance itself is the spec's CPU tolerance, not a "
            "DE-measured bias (see TOL_WHY).")


compute_optimal_eta = Claim(
    name="compute_optimal_eta", source=source("compute-optimal loss exponent, phases Ia/II/III (table UNCONFIRMED)"),
    statement=r"Along the compute-optimal frontier ($f = d\,r$) $P^* \propto f^{-\eta}$ with "
              r"$\eta = \frac{2\alpha+2\beta-1}{2\alpha+1}$ (Ia), $\frac{2\alpha+2\beta-1}{2(\alpha+\beta)}$ (II), "
              r"$1 - \frac{1}{4\alpha}$ (III).",
    assumptions=["2 alpha > 1", "one-pass SGD, batch 1, gamma = 0.5 / tr K", "point >= 0.15 from a boundary"],
    params={"quick": st.sampled_from(co_examples), "full": co_points},
    examples=co_examples,
    predict=co_predict("eta"), measure=co_measure("eta"),
    relation=Equal(atol=TOL["eta"], why=TOL_WHY),
    tiers=("quick", "full", "gpu"),
    backends=("numpy", "torch"),
    provenance="unconfirmed",
    constants=[Constant("eta table", "Ia/II/III", "derived", "term balancing; match with the paper UNCONFIRMED"),
               Constant("compute f = d r", "flops per step ~ d", "unconfirmed", "spec 2.1 [MEM]"), TOL_CONSTANT],
    notes=CO_NOTES,
    max_examples={"quick": 0, "full": 6}, budget_s={"quick": 40, "full": 400},
    mutants=[
        Mutant("phase1_formula_in_phase3", "Phase Ia formula at (0.7, 1.0) (Phase III): 1.0 vs 0.643",
               predict=co_predict("eta", phase="Ia"), examples=[{"alpha": 0.7, "beta": 1.0}], max_examples=0),
        Mutant("eta_plus_0_15", "eta + 0.15 (>= 2x the CPU tolerance)",
               predict=lambda p, ctx: co_predict("eta")(p, ctx).shift(0.15), max_examples=0),
        Mutant("phase2_formula_in_phase1", "Phase II formula at (0.7, 0.3): 0.50 vs 0.417 (< 2x tolerance)",
               predict=co_predict("eta", phase="II"), examples=[{"alpha": 0.7, "beta": 0.3}], tiers=("gpu",),
               skip_reason="difference 0.08 < 2 x 0.06; gpu tier (d <= 16k) shrinks the bias ~3x"),
    ],
)

compute_optimal_xi = Claim(
    name="compute_optimal_xi", source=source("compute-optimal model-size exponent, phases Ia/II/III (table UNCONFIRMED)"),
    statement=r"Along the compute-optimal frontier $d^* \propto f^{\xi}$ with $\xi = 1/(2\alpha+1)$ (Ia), "
              r"$\beta/(\alpha+\beta)$ (II), $1/2$ (III).",
    assumptions=["2 alpha > 1", "one-pass SGD, batch 1, gamma = 0.5 / tr K", "point >= 0.15 from a boundary"],
    params={"quick": st.sampled_from(co_examples), "full": co_points},
    examples=co_examples,
    predict=co_predict("xi"), measure=co_measure("xi"),
    relation=Equal(atol=TOL["xi"], why=TOL_WHY),
    tiers=("quick", "full", "gpu"),
    backends=("numpy", "torch"),
    provenance="unconfirmed",
    constants=[Constant("xi table", "Ia/II/III", "derived", "term balancing; match with the paper UNCONFIRMED"),
               TOL_CONSTANT],
    notes=CO_NOTES,
    max_examples={"quick": 0, "full": 6}, budget_s={"quick": 40, "full": 400},
    mutants=[
        Mutant("phase2_formula_in_phase3", "Phase II xi = beta/(alpha+beta) continued to (0.7, 2.0) (Phase III): "
                                           "0.741 vs 0.5 (>= 2x tolerance)",
               predict=co_predict("xi", phase="II"), examples=[{"alpha": 0.7, "beta": 2.0}], max_examples=0),
        Mutant("phase3_formula_in_phase2_near", "Phase III xi at (1.0, 0.75): 0.5 vs 0.429 (< 2x tolerance)",
               predict=co_predict("xi", phase="III"), examples=[{"alpha": 1.0, "beta": 0.75}], tiers=("gpu",),
               skip_reason="difference 0.07 < 2 x 0.10 on CPU sizes; gpu tier"),
    ],
)


def universality_measure(p, ctx):
    spreads = []
    for seed in range(p.get("seeds", 1)):
        xis = [frontier_exponents(_frontier(a, b, 1.0, ctx, seed=seed)[2])[0] for a, b in p["points"]]
        spreads.append(max(xis) - min(xis))
    ctx.record(points=p["points"], spreads=spreads)
    if len(spreads) == 1:
        return Quantity.pm(spreads[0], 0.0, note="spread of fitted xi across Phase III points (one seed)")
    return Quantity.mean_ci(spreads, note=f"95% t-interval of the xi spread over {len(spreads)} seeds of W")


UNIV_POINTS = [[0.7, 1.0], [0.7, 2.0]]


def _spread(vals):
    return max(vals) - min(vals)


universality = Claim(
    name="phase3_universality", source=source("universal d* ~ f^(1/2) in Phase III ([2ND] hatched region)"),
    statement=r"Throughout Phase III the compute-optimal model size is $d^* \propto f^{1/2}$, independent of "
              r"$\beta$: fitted $\xi$ at different Phase III points agree within 0.05.",
    assumptions=["2 alpha > 1, beta > alpha, points >= 0.3 from beta = alpha"],
    params=None, examples=[{"points": [[0.7, 1.0], [0.7, 1.4]], "seeds": 3}],
    tiers=("full",),
    notes="full tier only (six frontier runs).  Last full run: spreads 0.057, 0.033, 0.039 over 3 seeds (mean "
          "0.043; 95% t-interval reaches 0.075) -> inconclusive at tolerance 0.05; the spec measured 0.013.",
    predict=lambda p, ctx: Quantity.exact(0.0),
    measure=universality_measure,
    relation=Equal(atol=0.05, why="relative test: the shared finite-size bias cancels; spec measured a spread of "
                                  "0.013 between (0.7, 1.0) and (0.7, 1.4), 0.05 is the spec's bound"),
    provenance="unconfirmed", depends_on=["compute_optimal_xi"], budget_s={"quick": 30, "full": 200},
    mutants=[Mutant("phase2_continued", "xi = beta/(alpha+beta) continued past beta = alpha: spread 0.153 "
                                        "(>= 2x the 0.05 tolerance) between (0.7, 1.0) and (0.7, 2.0)",
                    predict=lambda p, ctx: Quantity.exact(_spread([b / (a + b) for a, b in p["points"]])),
                    examples=[{"points": UNIV_POINTS, "seeds": 3}])],
)


# PLRF-5: SGD noise causes Phase III (full-batch GD control on the same W draws)
def gd_vs_sgd_measure(p, ctx):
    a, b = p["alpha"], p["beta"]
    _, _, fr_sgd = _frontier(a, b, 1.0, ctx)
    _, _, fr_gd = _frontier(a, b, math.inf, ctx)
    xs, es = frontier_exponents(fr_sgd)
    xg, eg = frontier_exponents(fr_gd)
    ctx.record(xi_sgd=xs, xi_gd=xg, eta_sgd=es, eta_gd=eg,
               gd_theory_phase2_continued=exponents(a, b, phase="II"), sgd_theory_phase3=exponents(a, b))
    plot = Plot(f"PLRF-5: compute-optimal d* (alpha={a}, beta={b})", "compute f", "d*", logx=True, logy=True)
    plot.add("SGD (B=1)", fr_sgd["f"], fr_sgd["d_star"], style="scatter")
    plot.add("full-batch GD", fr_gd["f"], fr_gd["d_star"], style="scatter")
    ctx.plot(plot)
    return Quantity.pm(xg - xs, 0.0, note="xi(GD) - xi(SGD) on the same W draws (paired)")


sgd_noise_phase3 = Claim(
    name="sgd_noise_causes_phase3", source=source("Phase III from SGD noise (DERIVED internal-consistency test)"),
    kind="proposition",
    statement=r"In the region $\beta > \alpha$, $2\alpha > 1$, removing the SGD noise (full-batch GD) moves the "
              r"compute-optimal $\xi$ from the Phase III value $1/2$ towards the Phase II continuation "
              r"$\beta/(\alpha+\beta)$: $\xi_{GD} - \xi_{SGD} > 0.03$.",
    assumptions=["beta - alpha >= 0.5 (spec: GD and SGD close in eta for smaller gaps)", "same W draws for both"],
    params=None, examples=[{"alpha": 0.7, "beta": 2.0}],
    predict=lambda p, ctx: Quantity.exact(0.03),
    measure=gd_vs_sgd_measure,
    relation=StrictlyGreater(why="paired difference on the same instances; 0.03 (predicted side) is the smallest "
                                 "effect counted as a shift (the predicted gap is beta/(alpha+beta) - 1/2 = 0.24 at "
                                 "(0.7, 2.0); the spec measured 0.083 at (0.7, 1.4))"),
    tiers=("quick", "full", "gpu"),
    backends=("numpy", "torch"),
    provenance="derived", depends_on=["compute_optimal_xi"], budget_s={"quick": 30, "full": 200},
    notes="Weak point (review): one W seed, and the paired difference is reported with zero uncertainty although "
          "single-seed frontier exponents move by ~0.03-0.1 between seeds (compute_optimal_*).  The quick-tier "
          "difference 0.140 clears the 0.03 threshold by 0.11, so the verdict is unlikely to flip, but it carries no "
          "seed interval.",
    mutants=[Mutant("noise_irrelevant", "SGD noise plays no role: xi(GD) == xi(SGD) within 0.03",
                    predict=lambda p, ctx: Quantity.exact(0.0),
                    relation=Equal(atol=0.03, why="mutant: no effect of the batch size"))],
)


# PLRF-6: the fitted xi depends on the IsoFLOP window
def window_measure(p, ctx):
    _, _, fr = _frontier(p["alpha"], p["beta"], 1.0, ctx)
    f = fr["f"]
    lf = np.log(f)
    cuts = np.linspace(lf.min(), lf.max(), 4)
    wins = [(np.exp(cuts[0]), np.exp(cuts[2])), (np.exp(cuts[1]), np.exp(cuts[3])), (np.exp(cuts[0]), np.exp(cuts[3]))]
    xis = [frontier_exponents(fr, w)[0] for w in wins]
    ctx.record(windows=[list(w) for w in wins], xi=xis)
    return Quantity.pm(_spread(xis), 0.0, note="spread of fitted xi over 3 IsoFLOP windows (lower 2/3, upper 2/3, all)")


window_sensitivity = Claim(
    name="isoflop_window_sensitivity", source=source("IsoFLOP window dependence of the fitted exponent ([2ND])"),
    kind="empirical",
    statement=r"The fitted compute-optimal exponent $\xi$ depends on the IsoFLOP window: its spread over three "
              r"windows exceeds 0.02 at the CPU sizes (reported as a sensitivity, window explicit).",
    assumptions=["same frontier as compute_optimal_xi"],
    params=None, examples=[{"alpha": 1.0, "beta": 0.75}],
    predict=lambda p, ctx: Quantity.exact(0.02), measure=window_measure,
    relation=StrictlyGreater(why="deterministic given the seed; 0.02 is the smallest spread reported as a window "
                                 "effect (the exponents' CPU tolerance is 0.06-0.10)"),
    backends=("numpy", "torch"),
    provenance="unconfirmed", budget_s={"quick": 20, "full": 100},
    mutants=[Mutant("window_independent", "the fitted xi does not depend on the window (spread <= 0.02)",
                    predict=lambda p, ctx: Quantity.exact(0.0),
                    relation=Equal(atol=0.02, why="mutant: window-independent exponent"))],
)


# PLRF-2: time exponent of the population term (recursion, d >> r^(1/(2 alpha)))
TIME_CFG = {"quick": dict(d=512, vratio=4, seeds=3), "full": dict(d=1024, vratio=4, seeds=8),
            "gpu": dict(d=8192, vratio=4, seeds=16)}


@cached
def _time_curves(alpha, beta, d, vratio, seeds, r_max):
    out = []
    for s in range(seeds):
        res = learning_curves(lambda v: Spectrum.plrf(alpha, beta, v), [d], lambda dd: vratio * dd, r_max, B=1.0,
                              seed=100 + s, n_records=300)
        out.append(res["L"][0] - res["sigma2"][0])
    return res["times"], np.array(out), float(res["gamma"][0])


def time_window(alpha, d):
    return 30.0, d ** alpha / 4


def time_measure(p, ctx):
    a, b = p["alpha"], p["beta"]
    cfg = TIME_CFG.get(ctx.tier, TIME_CFG["quick"])
    lo, hi = time_window(a, cfg["d"])
    times, Y, gam = _time_curves(alpha=a, beta=b, d=cfg["d"], vratio=cfg["vratio"], seeds=cfg["seeds"],
                                 r_max=int(hi * 2))
    fit = lambda y: -loglog_slope(times, y, lo, hi)
    point, reps = seed_bootstrap(Y, fit, n_boot=300, seed=ctx.seed % 2 ** 32)
    ci = Quantity.bootstrap(reps, point)
    # finite-size bias of the same fitter on the deterministic population term (infinite d, gradient flow
    # at time gamma r), vs its slope two decades later
    spec = Spectrum.plrf(a, b, None)
    dps = de_dps(ctx)
    sel = times[(times >= lo) & (times <= hi)]
    Fde = np.array([float(de.loss_flow(spec, gam * t, dps=dps)) for t in sel[:: max(1, len(sel) // 12)]])
    tde = sel[:: max(1, len(sel) // 12)]
    s_same = -loglog_slope(tde, Fde)
    far = np.geomspace(lo * 100, hi * 100, 6)
    s_far = -loglog_slope(far, [float(de.loss_flow(spec, gam * t, dps=dps)) for t in far])
    bias = abs(s_same - s_far)
    ctx.record(fitted=point, ci=[ci.lo, ci.hi], de_same=s_same, de_far=s_far, finite_size_bias=bias, window=[lo, hi])
    m = Y.mean(0)
    k = (times >= lo / 3) & (times <= hi * 2)
    ctx.plot(loglog_plot(f"PLRF-2: P(r) - F_0, alpha={a}, beta={b}, d={cfg['d']}", "SGD steps r", "P - F_0 (MSE)",
                         times[k], m[k], lo=Y.min(0)[k], hi=Y.max(0)[k], fit=loglog_fit(times, m, lo, hi),
                         pred_slope=-(2 * a + 2 * b - 1) / (2 * a), pred_band=bias + 0.05))
    return Quantity.interval(ci.lo - bias, ci.hi + bias, value=point, kind="statistical",
                             note=f"95% seed bootstrap of the OLS slope over r in [{lo:.0f}, {hi:.0f}], widened "
                                  f"by the DE finite-size bias {bias:.3f}")


time_exponent = Claim(
    name="time_exponent", source=source("population (pure-point) term F_pp ([2ND] table + DERIVED)"),
    statement=r"For $d \gg r^{1/(2\alpha)}$ (phases Ia/II) $P(r) - F_0 \propto r^{-(2\alpha+2\beta-1)/(2\alpha)}$ "
              r"before $F_{ac}$ or $K_{pp}$ take over.",
    assumptions=["2 alpha > 1, beta < alpha", "window r in [30, d^alpha / 4]", "exact SGD risk recursion, B = 1"],
    params={"quick": st.just({"alpha": 1.0, "beta": 0.3}),
            "full": st.sampled_from([(1.0, 0.3), (1.0, 0.75), (1.5, 0.8)]).map(lambda ab: {"alpha": ab[0], "beta": ab[1]})},
    examples=[{"alpha": 1.0, "beta": 0.3}],
    predict=lambda p, ctx: Quantity.exact((2 * p["alpha"] + 2 * p["beta"] - 1) / (2 * p["alpha"])),
    measure=time_measure,
    relation=CIContains(tol=0.05, why="the SPEC's tolerance 0.05 (not measured) for F_ac / K_pp contamination inside "
                                      "the window, which the infinite-d DE cannot see; on top of the seed CI widened "
                                      "by the DE-measured finite-size bias of the same fitter"),
    notes="Quick tier: fitted 0.746 (CI widened by the DE bias [0.728, 0.759]) against 0.8: it holds only through the "
          "spec's extra 0.05 (margin 0.009).",
    constants=[Constant("contamination tolerance", 0.05, "unconfirmed",
                        "spec PLRF-2 tolerance, not a measured bias (the DE bias is measured and added separately)")],
    provenance="derived", max_examples={"quick": 0, "full": 3}, budget_s={"quick": 20, "full": 120},
    mutants=[Mutant("exponent_plus_0_2", "time exponent + 0.2 (spec mutant; >= 2x the tolerance)",
                    predict=lambda p, ctx: Quantity.exact((2 * p["alpha"] + 2 * p["beta"] - 1) / (2 * p["alpha"]) + 0.2))],
)


# phases whose exponents are UNCONFIRMED: registered with that status, not checked
for _name, _region in (("phase_ib_exponents", "2beta<1, 1/4<alpha<1/2, 2(alpha+beta)>1"),
                       ("phase_ic_exponents", "2beta>1, 0<alpha<1/4"),
                       ("phase_iv_exponents", "2beta>1, 1/4<alpha<1/2 (IVa/IVb split)")):
    globals()[_name] = Claim(
        name=_name, source=source(f"Phase {_name.split('_')[1].upper()} ({_region}); exponents UNCONFIRMED"),
        statement=f"Compute-optimal exponents in the region {_region} (paper's values not available to this project).",
        predict=lambda p, ctx: Quantity.unsettled("exponent unconfirmed"),
        measure=lambda p, ctx: Quantity.unsettled("not measured"),
        relation=Equal(why="placeholder"), provenance="unconfirmed",
        constants=[Constant("exponents", None, "unconfirmed", "spec 2.3 / 12: no confirmed formula")],
        skip_reason="exponents UNCONFIRMED (spec sections 2.3 and 12): registered so the report shows the gap",
    )
