"""Chinchilla Approach 3 (Hoffmann et al. 2022) and its replication (Besiroglu et al. 2024).

Spec: shared/specs/scaling_laws.md section 8 (CHIN-1, CHIN-2, allocation formula).
L(N, D) = E + A/N^alpha + B/D^beta is fitted to the 240 digitised runs of Hoffmann's
Figure 4 by minimising the *summed* Huber loss (delta = 1e-3) of log-residuals in the
log-sum-exp parameterisation, with L-BFGS from many starts (simulators/scaling_fit).
Nothing fitted is hard-coded: every number below is computed from the data file,
whose sha256 is verified when it is read.
"""
import numpy as np
from scipy import optimize

from claims.core import (CIContains, Claim, Constant, Equal, Mutant, AtMost, Plot, Quantity, Source,
                         StrictlyGreater, st)
from claims.scaling_laws import _chinchilla_data as chin
from simulators.scaling_fit import HOFFMANN_ROUNDED, HOFFMANN_THETA, grid_starts, objective
from simulators.scaling_fit.fit import derived_quantities
from simulators.scaling_fit.optimize import GRAD_ACCEPT
from simulators.scaling_fit.stats import percentile_width_interval

HOFFMANN = Source(title="Training Compute-Optimal Large Language Models",
                  authors="J. Hoffmann, S. Borgeaud, A. Mensch, et al.", year=2022, arxiv="2203.15556",
                  locator="Sec. 3.3 (Approach 3), Eq. (2)/(4) and Table A3 (numbers unconfirmed)")
EPOCH = Source(title="Chinchilla Scaling: A replication attempt",
               authors="T. Besiroglu, E. Erdil, M. Barnett, J. You", year=2024, arxiv="2404.10102",
               locator="Sec. 2-3 and the analysis notebook (epoch-research/analyzing-chinchilla)")

SKIP = "" if chin.available() else chin.MISSING_REASON
DATA_CONSTANTS = [
    Constant("data_sha256", chin.SHA256, "code", "sha256 of data/svg_extracted_data.csv, verified at load"),
    Constant("excluded", "5 highest-loss rows", "code", "the replication's default (245 -> 240 points)"),
    Constant("huber_delta", 1e-3, "code", "Huber threshold on log-loss (replication notebook)"),
]
HOFFMANN_CONSTANTS = [
    Constant("hoffmann_unrounded", dict(zip(("log_A", "log_B", "log_E", "alpha", "beta"), HOFFMANN_THETA.tolist())),
             "paper", "Approach-3 fit from the paper's TeX source, as used by the replication notebook"),
    Constant("hoffmann_printed", {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}, "paper",
             "printed, rounded"),
]
# float64 error of a summed objective of ~1e-3 over 240 terms: <= 240 * 2.2e-16 * 1e-3 ~ 1e-16
F_ROUND = 1e-15


def _f(theta):
    lN, lD, lL = chin.used_arrays()
    return objective(theta, lN, lD, lL)


def _grid_for(tier):
    """Reference starts: the full 4500-point replication grid in the full tier; in the
    quick tier every 30th grid point (150 starts, deterministic) to stay within budget."""
    g = grid_starts()
    return g if tier == "full" else g[::30]


def _data_plot(ctx, fit):
    """Data vs fitted surface: loss against N in four compute bands, with the fitted
    IsoFLOP curve at each band's median compute."""
    d = chin.load()
    N, D, L, C = d.N[fit.mask], d.D[fit.mask], d.L[fit.mask], d.C[fit.mask]
    p = Plot("Chinchilla data vs fitted L(N, D) (IsoFLOP bands)", "model size N", "final loss", logx=True)
    edges = np.quantile(np.log10(C), [0, 0.25, 0.5, 0.75, 1.0])
    for i in range(4):
        m = (np.log10(C) >= edges[i]) & (np.log10(C) <= edges[i + 1])
        cm = 10 ** np.median(np.log10(C[m]))
        p.add(f"data, C in 1e{edges[i]:.1f}..1e{edges[i + 1]:.1f}", N[m], L[m], style="scatter")
        ng = np.geomspace(N[m].min(), N[m].max(), 40)
        p.add(f"fit at C={cm:.1e}", ng, fit.predict(ng, cm / (6 * ng)), style="line")
    ctx.plot(p)


# ---------------------------------------------------------------------------
# CHIN-1a: the small-start refit reaches the replication's optimum

def predict_grid_optimum(p, ctx):
    fit = chin.fit(starts=tuple(map(tuple, _grid_for(ctx.tier))))
    ctx.solver("scipy L-BFGS-B (grid starts)", "optimal" if fit.converged else "not converged",
               tol=dict(fit.record.tolerance), starts=fit.record.starts)
    if not fit.converged:
        return Quantity.unsettled(f"grid refit did not converge (|grad| = {fit.grad_inf:.2g})")
    ctx.record(grid_starts=len(_grid_for(ctx.tier)), grid_starts_reaching_best=fit.n_start_converged)
    return Quantity.pm(fit.objective_value, F_ROUND, note="best over the replication's grid starts")


def measure_small_starts(p, ctx):
    fit = chin.fit()
    ctx.solver("scipy L-BFGS-B (20 Sobol starts)", "optimal" if fit.converged else "not converged",
               tol=dict(fit.record.tolerance), grad_inf=fit.grad_inf)
    q = fit.params
    ctx.record(objective=fit.objective_value, grad_inf=fit.grad_inf, starts_reaching_best=fit.n_start_converged,
               **{k: q[k] for k in ("E", "A", "B", "alpha", "beta", "a_N")})
    _data_plot(ctx, fit)
    if not fit.converged:
        return Quantity.unsettled(f"20-start refit did not converge (|grad| = {fit.grad_inf:.2g})")
    return Quantity.pm(fit.objective_value, F_ROUND, note="best of 20 Sobol starts, analytic-gradient L-BFGS-B")


def measure_mean_objective(p, ctx):
    """Epoch's explanation of the published fit: mean (not sum) of the Huber losses with
    scipy's default tolerances, started from Hoffmann's values, stops almost at once."""
    fit = chin.fit(starts=(tuple(HOFFMANN_THETA),), reduction="mean", tol="default")
    ctx.record(moved_from_hoffmann=float(np.max(np.abs(fit.theta - HOFFMANN_THETA))))
    return Quantity.pm(fit.objective_value, F_ROUND)


refit_reaches_optimum = Claim(
    name="refit_reaches_optimum", source=EPOCH, kind="empirical", provenance="code", skip_reason=SKIP,
    statement=r"On the 240 replication points, minimising $\sum_i \mathrm{Huber}_{10^{-3}}(\mathrm{LSE}(a-\alpha"
              r"\log N_i, b-\beta\log D_i, e)-\log L_i)$ with L-BFGS from 20 starts reaches the same best objective "
              r"as the replication's 4500-start grid, within $10^{-8}$ (CHIN-1).",
    assumptions=["data file sha256 verified", "5 highest-loss runs excluded", "summed (not averaged) objective",
                 "analytic gradient, L-BFGS-B with ftol=1e-15, gtol=1e-11"],
    predict=predict_grid_optimum, measure=measure_small_starts,
    relation=Equal(atol=1e-8, why="spec CHIN-1 criterion: same best objective within 1e-8; both optima have "
                                  "|grad| <= 1e-7 n and objective values carry ~1e-16 float error"),
    constants=DATA_CONSTANTS,
    notes="Quick tier: reference = every 30th grid point (150 starts); full tier: all 4500.",
    mutants=[
        Mutant("mean_objective_default_tol", "mean of the Huber losses with scipy's default L-BFGS-B tolerance, "
               "started from Hoffmann's parameters: stops before convergence (Epoch's explanation)",
               measure=measure_mean_objective),
        Mutant("hoffmann_parameters_optimal", "Hoffmann's published (unrounded) parameters attain the optimum",
               measure=lambda p, ctx: Quantity.pm(_f(HOFFMANN_THETA)[0], F_ROUND)),
    ],
)


# ---------------------------------------------------------------------------
# CHIN-1b: Hoffmann's published parameters are not a minimiser of these data

def measure_gap(p, ctx):
    f_star = chin.fit().objective_value
    gap = _f(HOFFMANN_THETA)[0] - f_star
    ctx.record(gap_unrounded=gap, gap_printed=_f(HOFFMANN_ROUNDED)[0] - f_star, f_star=f_star,
               relative_gap=gap / f_star)
    return Quantity.pm(gap, 2 * F_ROUND, note="f(Hoffmann) - f(refit), float error of two sums")


hoffmann_objective_gap = Claim(
    name="hoffmann_objective_gap", source=EPOCH, kind="empirical", provenance="code", skip_reason=SKIP,
    statement=r"Hoffmann's published Approach-3 parameters give a higher summed Huber objective on the "
              r"replication data than the refit optimum: $f(\theta_H) - f(\hat\theta) > 10^{-8}$ (CHIN-1).",
    assumptions=["the refit optimum is global to 1e-8 (claim refit_reaches_optimum)"],
    predict=lambda p, ctx: Quantity.exact(0.0), measure=measure_gap,
    relation=StrictlyGreater(gap=1e-8, why="1e-8 is the precision to which the optimum is established "
                                           "(refit_reaches_optimum); float error of the sums is ~1e-15"),
    depends_on=["refit_reaches_optimum"], constants=DATA_CONSTANTS + HOFFMANN_CONSTANTS,
    mutants=[Mutant("hoffmann_is_minimiser", "the published parameters are a minimiser: gap == 0 within 1e-8",
                    relation=Equal(atol=1e-8, why="a minimiser attains the optimum to optimiser accuracy"))],
)


def measure_gradient(p, ctx):
    _, g = _f(HOFFMANN_THETA)
    # independent check of the analytic gradient by central differences
    h = 1e-6
    fd = np.array([(_f(HOFFMANN_THETA + h * e)[0] - _f(HOFFMANN_THETA - h * e)[0]) / (2 * h) for e in np.eye(5)])
    gi = float(np.max(np.abs(g)))
    ctx.record(grad=dict(zip(("a", "b", "e", "alpha", "beta"), g.tolist())),
               grad_fd_max_diff=float(np.max(np.abs(fd - g))),
               grad_at_refit=chin.fit().grad_inf)
    return Quantity.pm(gi, float(np.max(np.abs(fd - g))) + 1e-12, note="inf-norm of the analytic gradient; "
                       "error = its distance to central differences")


hoffmann_gradient_nonzero = Claim(
    name="hoffmann_gradient_nonzero", source=EPOCH, kind="empirical", provenance="code", skip_reason=SKIP,
    statement=r"At Hoffmann's published parameters the gradient of the summed Huber objective on the replication "
              r"data is far from zero: $\|\nabla f(\theta_H)\|_\infty$ exceeds the stationarity threshold "
              r"$10^{-7} n$ used to accept a minimiser (CHIN-1 mutant 'Hoffmann's parameters are a minimiser').",
    predict=lambda p, ctx: Quantity.exact(GRAD_ACCEPT * chin.used_arrays()[0].size,
                                          note="stationarity threshold 1e-7 * n"),
    measure=measure_gradient,
    relation=StrictlyGreater(why="the threshold is what the fitter accepts as stationary; the measured gradient "
                                 "carries its finite-difference discrepancy"),
    constants=HOFFMANN_CONSTANTS,
    mutants=[Mutant("stationary", "the gradient at Hoffmann's parameters is below the stationarity threshold",
                    relation=AtMost(why="a minimiser is stationary"))],
)


# ---------------------------------------------------------------------------
# CHIN-2: the allocation exponent a = beta/(alpha+beta) and its bootstrap interval

def _boot(ctx):
    return chin.fit(bootstrap=chin.BOOT_DRAWS.get(ctx.tier, 200))


def measure_a_ci(p, ctx, confidence=0.95):
    fit = _boot(ctx)
    reps = fit.bootstrap_values("a_N")
    ctx.record(a_N=fit.params["a_N"], draws=int(reps.size), se_a=float(reps.std(ddof=1)),
               D_over_N_at_chinchilla=float(fit.tokens_per_param(chin.CHINCHILLA_C)),
               boot_converged=float(fit.boot_converged.mean()), bootstrap_seed=chin.BOOT_SEED)
    ctx.plot(Plot(f"pair-bootstrap distribution of a = beta/(alpha+beta) ({reps.size} draws); Hoffmann A3: 0.4565",
                  "a", "count", kind="hist").add("bootstrap a", reps, style="hist"))
    return Quantity.bootstrap(reps, point=fit.params["a_N"], confidence=confidence,
                              note=f"{confidence:.0%} pair bootstrap, {reps.size} draws, seed {chin.BOOT_SEED}")


A3 = derived_quantities(HOFFMANN_THETA)["a_N"]   # 0.4565, implied by the unrounded TeX-source values

allocation_excludes_approach3 = Claim(
    name="allocation_excludes_approach3", source=EPOCH, kind="empirical", provenance="code", skip_reason=SKIP,
    statement=r"The 95% pair-bootstrap interval of $a = \beta/(\alpha+\beta)$ fitted to the replication data lies "
              r"entirely above Hoffmann's Approach-3 value $a = 0.4565$ (CHIN-2).",
    predict=lambda p, ctx: Quantity.exact(A3, note="beta/(alpha+beta) from Hoffmann's unrounded parameters"),
    measure=measure_a_ci,
    relation=StrictlyGreater(why="95% percentile bootstrap interval (pair bootstrap as in the replication)"),
    constants=DATA_CONSTANTS + HOFFMANN_CONSTANTS,
    mutants=[Mutant("approach3_consistent", "Hoffmann's a = 0.4565 is inside the data's 95% interval",
                    relation=CIContains(why="95% bootstrap interval"))],
)

allocation_covers_approaches_1_2 = Claim(
    name="allocation_covers_approaches_1_2", source=HOFFMANN, kind="empirical", provenance="unconfirmed",
    skip_reason=SKIP,
    statement=r"The 95% pair-bootstrap interval of $a$ on the replication data contains Hoffmann's Approach-1 and "
              r"Approach-2 allocation exponents ($a = 0.50$ and $0.49$) (CHIN-2).",
    params=None, examples=[{"approach": 1, "a": 0.50}, {"approach": 2, "a": 0.49}],
    predict=lambda p, ctx: Quantity.exact(p["a"], note=f"Approach {p['approach']} (values recalled, unconfirmed)"),
    measure=measure_a_ci,
    relation=CIContains(why="95% percentile bootstrap interval"),
    constants=[Constant("a_approach1", 0.50, "unconfirmed", "[MEM] spec 8.3"),
               Constant("a_approach2", 0.49, "unconfirmed", "[MEM] spec 8.3")],
    mutants=[Mutant("approach3_value", "Approach 3's a = 0.4565 in place of Approaches 1-2",
                    predict=lambda p, ctx: Quantity.exact(A3))],
)


def measure_width(p, ctx, level=0.8):
    reps = _boot(ctx).bootstrap_values("a_N")
    w, lo, hi = percentile_width_interval(reps, level, confidence=0.99)
    ctx.record(**{f"width_{int(level * 100)}": w})
    return Quantity.interval(lo, hi, value=w, kind="statistical",
                             note=f"width of the {level:.0%} bootstrap interval; 99% order-statistic bounds")


hoffmann_precision = Claim(
    name="hoffmann_precision", source=HOFFMANN, kind="empirical", provenance="paper", skip_reason=SKIP,
    statement=r"Hoffmann's Approach-3 precision: $a = 0.46$ with 80% interval $(0.454, 0.455)$, i.e. an 80% "
              r"interval no wider than 0.002 (endpoints rounded to 3 decimals). Tested as: the replication data's "
              r"80% pair-bootstrap interval of $a$ is at most that wide.",
    predict=lambda p, ctx: Quantity.interval(0.0, 0.002, value=0.001, note="published width 0.001, <= 0.002 after "
                                              "rounding of the endpoints"),
    measure=measure_width,
    relation=AtMost(why="the harness's interval width carries 99% order-statistic bounds for the finite number of "
                        "bootstrap draws; the published width carries its rounding"),
    constants=[Constant("hoffmann_a_ci80", (0.454, 0.455), "code", "hard-coded in the replication notebook [SRC]"),
               Constant("hoffmann_a_point", 0.46, "unconfirmed", "[MEM]")],
    expect="refuted",
    expect_reason="Besiroglu et al. 2024: Hoffmann's interval is implausibly narrow; with 240 (or even ~400) runs "
                  "the bootstrap interval of a is tens of times wider (spec CHIN-2 mutant).",
    mutants=[Mutant("as_95_interval", "the published interval read as a 95% interval (WEAK: a stronger form of an "
                    "expected-refuted claim, refuted for the same reason)",
                    measure=lambda p, ctx: measure_width(p, ctx, level=0.95))],
)


# ---------------------------------------------------------------------------
# Allocation formula: closed form vs numerical minimisation along C = 6 N D

def predict_nopt(p, ctx):
    q = p["alpha"], p["beta"]
    a_N = q[1] / (q[0] + q[1])
    log_G = (np.log(q[0] / q[1]) + p["log_A"] - p["log_B"]) / (q[0] + q[1])
    return Quantity.exact(log_G + a_N * np.log(p["C"] / 6.0), note="log G + a log(C/6) (replication notebook)")


def measure_nopt(p, ctx):
    """argmin over x = log N of L(e^x, C/(6 e^x)): Brent's root of dL/dx, with dL/dx taken from L itself by the
    complex step Im L(x + ih)/h (exact to rounding, no hand-derived first-order condition, no closed form)."""
    al, be, la, lb = p["alpha"], p["beta"], p["log_A"], p["log_B"]
    lc = np.log(p["C"] / 6.0)

    def L(x):                       # the loss along the budget line, D = (C/6)/N
        return p["E"] + np.exp(la - al * x) + np.exp(lb - be * (lc - x))

    def dL(x, h=1e-30):             # E is real, so Im cancels it exactly: no loss of precision to E
        return float(np.imag(L(complex(x, h))) / h)
    # the bracket holds the sign change for the strategy's ranges (alpha, beta in [0.1, 1], log A, log B in
    # [2, 10], C in [1e18, 1e26]: the minimiser lies in about [-21, 69]) with every exponent below ~70 (no overflow)
    lo, hi = -60.0, lc + 60.0
    if not (dL(lo) < 0 < dL(hi)):
        return Quantity.unsettled("dL/dlogN does not change sign on the bracket")
    x, r = optimize.brentq(dL, lo, hi, xtol=1e-13, rtol=1e-15, full_output=True)
    ctx.solver("scipy brentq", "optimal" if r.converged else "not converged", xtol=1e-13)
    if not r.converged:
        return Quantity.unsettled("brentq did not converge")
    ctx.record(is_minimum=bool(L(x - 1e-3) > L(x) < L(x + 1e-3)))
    # root error: brentq's 1e-13 (+ 4e-15 |x|) plus the rounding of dL (two terms of relative error ~1e-16
    # whose difference has slope (alpha + beta) in x): ~1e-15 / (alpha + beta) <= 1e-14
    return Quantity.pm(x, 1e-12 * max(1.0, abs(x)), note="log N_opt: Brent root of the complex-step dL/dlogN")


alloc_params = st.fixed_dictionaries({
    "alpha": st.floats(0.1, 1.0), "beta": st.floats(0.1, 1.0), "log_A": st.floats(2.0, 10.0),
    "log_B": st.floats(2.0, 10.0), "E": st.floats(0.5, 3.0), "C": st.floats(1e18, 1e26)})

allocation_formula = Claim(
    name="allocation_formula", source=EPOCH, kind="identity", provenance="derived",
    statement=r"For $L = E + A N^{-\alpha} + B D^{-\beta}$ and $C = 6ND$, the loss-minimising size is "
              r"$N_{opt} = G (C/6)^{\beta/(\alpha+\beta)}$ with $G = (\alpha A/(\beta B))^{1/(\alpha+\beta)}$ "
              r"(the replication's `compute_optimal_allocation`).",
    assumptions=["alpha, beta > 0", "C > 0"],
    params=alloc_params, assume=lambda p: p["alpha"] > 0 and p["beta"] > 0,
    examples=[{"alpha": float(HOFFMANN_THETA[3]), "beta": float(HOFFMANN_THETA[4]), "log_A": float(HOFFMANN_THETA[0]),
               "log_B": float(HOFFMANN_THETA[1]), "E": 1.69337, "C": chin.CHINCHILLA_C}],
    predict=predict_nopt, measure=measure_nopt,
    relation=Equal(atol=1e-9, why="Brent root in log N to 1e-13; closed form in float64 (~1e-14 absolute)"),
    max_examples={"quick": 25, "full": 200},
    mutants=[Mutant("exponents_swapped", "N_opt grows as (C/6)^(alpha/(alpha+beta)) instead",
                    predict=lambda p, ctx: predict_nopt(p, ctx).shift(
                        (p["alpha"] - p["beta"]) / (p["alpha"] + p["beta"]) * np.log(p["C"] / 6.0)))],
)


# ---------------------------------------------------------------------------
# CHIN-4: Approach 2 (IsoFLOP parabolas) on the noiseless Approach-3 surface

def _theta(p):
    return np.array([p["log_A"], p["log_B"], np.log(p["E"]), p["alpha"], p["beta"]])


def _a2(p, centre):
    from simulators.scaling_fit.isoflop import approach2_exponent
    return approach2_exponent(_theta(p), centre, window=p["window"])


def predict_a_true(p, ctx):
    return Quantity.exact(p["beta"] / (p["alpha"] + p["beta"]), note="beta/(alpha+beta) of the generating surface")


def measure_a2_centred(p, ctx):
    """Sampling centred at a fixed multiple of the true N_opt(C) (here 2 N_opt: off-centre but
    scale-consistent).  Computed by parabola fits, never from the allocation formula's exponent:
    the centre uses N_opt only through a numerical minimisation of L along C = 6ND."""
    def centre(C):
        r = optimize.minimize_scalar(lambda x: float(_loss_on_budget(p, C, x)), bounds=(-10.0, 60.0),
                                     method="bounded", options={"xatol": 1e-12})
        return 2.0 * np.exp(r.x)
    a = _a2(p, centre)
    return Quantity.pm(a, 1e-6, note="float64 parabola fits; centre located to ~1e-6 in log N by Brent")


def _loss_on_budget(p, C, x):
    return p["E"] + np.exp(p["log_A"] - p["alpha"] * x) + np.exp(p["log_B"] - p["beta"] * (np.log(C / 6.0) - x))


def measure_a2_sqrtC(p, ctx):
    """Sampling centred at N_c = 0.1 sqrt(C) (a D/N ~ 17 rule of thumb that scales as C^0.5)."""
    a = _a2(p, lambda C: 0.1 * np.sqrt(C))
    return Quantity.pm(a, 1e-9, note="float64 parabola fits")


a2_params = st.fixed_dictionaries({
    "alpha": st.floats(0.2, 0.6), "beta": st.floats(0.2, 0.6), "log_A": st.floats(4.0, 8.0),
    "log_B": st.floats(4.0, 8.0), "E": st.floats(1.0, 2.5), "window": st.sampled_from([2.0, 5.0, 10.0, 30.0, 100.0])})
HOFF_P = {"alpha": float(HOFFMANN_THETA[3]), "beta": float(HOFFMANN_THETA[4]), "log_A": float(HOFFMANN_THETA[0]),
          "log_B": float(HOFFMANN_THETA[1]), "E": float(np.exp(HOFFMANN_THETA[2]))}

approach2_scale_consistent = Claim(
    name="approach2_scale_consistent", source=HOFFMANN, kind="theorem", provenance="derived",
    statement=r"On the noiseless surface $E + A N^{-\alpha} + B D^{-\beta}$, Approach 2 (IsoFLOP parabolas in "
              r"$\log N$, vertex regressed on $\log C$) recovers $a = \beta/(\alpha+\beta)$ exactly whenever each "
              r"budget's grid sits at a fixed ratio to its optimum $N_{opt}(C)$, for any window width: along "
              r"$C = 6ND$, $L - E = K(C)\,g(\log N - \log N_{opt}(C))$ with $g$ independent of $C$ (CHIN-4).",
    assumptions=["grid of log N at a fixed offset from log N_opt(C) for every budget", "no noise"],
    params=a2_params, examples=[{**HOFF_P, "window": 100.0}],
    predict=predict_a_true, measure=measure_a2_centred,
    relation=Equal(atol=1e-5, why="the grid centre is located by a bounded Brent search to ~1e-6 in log N; "
                                  "parabola fits in float64 add ~1e-12"),
    max_examples={"quick": 10, "full": 60},
    mutants=[Mutant("sqrtC_centred_grid", "grids centred at 0.1 sqrt(C) instead (offset drifting with C): a "
                    "systematic bias appears (spec CHIN-4, asymmetric sampling)", measure=measure_a2_sqrtC)],
)


def measure_bias_wide(p, ctx):
    biases = []
    for w in (2.0, 5.0, 10.0, 30.0, 100.0):
        biases.append(measure_a2_sqrtC({**p, "window": w}, ctx).value - p["beta"] / (p["alpha"] + p["beta"]))
    if ctx is not None and p == HOFF_P:
        ctx.plot(Plot("Approach-2 bias of a vs IsoFLOP window (grid centred at 0.1 sqrt(C))", "window (x N_c)",
                      "a_hat - a_true", logx=True).add("bias", [2, 5, 10, 30, 100], biases, style="line"))
        ctx.record(**{f"bias_x{int(w)}": b for w, b in zip((2, 5, 10, 30, 100), biases)})
    return Quantity.pm(abs(biases[-1]), 1e-9, note="|bias| at window x100")


approach2_bias_grows = Claim(
    name="approach2_bias_grows", source=HOFFMANN, kind="empirical", provenance="derived",
    statement=r"When the IsoFLOP grids are centred by a rule that does not scale like $N_{opt}(C)$ (here "
              r"$0.1\sqrt{C}$), Approach 2's estimate of $a$ on the noiseless Hoffmann surface is biased, and the bias "
              r"at a $\pm100\times$ window exceeds that at $\pm2\times$ (CHIN-4; values computed, reported in the "
              r"plot).",
    params=None, examples=[HOFF_P],
    predict=lambda p, ctx: Quantity.pm(abs(measure_a2_sqrtC({**p, "window": 2.0}, ctx).value
                                           - p["beta"] / (p["alpha"] + p["beta"])), 1e-9, note="|bias| at x2"),
    measure=measure_bias_wide,
    relation=StrictlyGreater(why="float64 parabola fits: 1e-9 on each side"),
    mutants=[Mutant("window_independent", "the bias does not depend on the window",
                    relation=Equal(atol=1e-6, why="float64 parabola fits"))],
)


# ---------------------------------------------------------------------------
# the replication's printed estimates (recalled: a soft check)
# These five numbers are RECALLED from Besiroglu et al. 2024, not taken from the spec (which does not give
# them) and not checked against the paper: tagged "unconfirmed".  They also come from Epoch's Huber-likelihood
# fit with a fitted scale (effectively LAD, spec MF-1 (ii)), not from the delta = 1e-3 Huber refit measured here.

EPOCH_PRINTED = {"log_E": float(np.log(1.82)), "log_A": float(np.log(482.01)), "log_B": float(np.log(2085.43)),
                 "alpha": 0.3478, "beta": 0.3658}
HOFF_LOG = dict(zip(("log_A", "log_B", "log_E", "alpha", "beta"), HOFFMANN_THETA.tolist()))


def measure_param_ci(p, ctx):
    fit = _boot(ctx)
    reps = fit.bootstrap_values(p["param"])
    return Quantity.bootstrap(reps, point=fit.params[p["param"]],
                              note=f"95% pair bootstrap of {p['param']}, {reps.size} draws")


matches_replication_estimates = Claim(
    name="matches_replication_estimates", source=EPOCH, kind="empirical", provenance="unconfirmed", skip_reason=SKIP,
    statement=r"The harness's refit agrees with the replication's printed estimates (recalled, unconfirmed) "
              r"$E = 1.82$, $A = 482.01$, "
              r"$B = 2085.43$, $\alpha = 0.3478$, $\beta = 0.3658$: each lies inside the harness's 95% "
              r"pair-bootstrap interval (A, B, E compared as logarithms: they are weakly identified).",
    params=None, examples=[{"param": k} for k in EPOCH_PRINTED],
    predict=lambda p, ctx: Quantity.exact(EPOCH_PRINTED[p["param"]], note="replication's printed value [MEM]"),
    measure=measure_param_ci,
    relation=CIContains(why="95% percentile bootstrap interval"),
    notes="The replication's estimates are recalled from memory ([MEM]), not from the spec, and unconfirmed against "
          "the paper; a soft check only. They come from Epoch's Huber-likelihood fit (effectively LAD), not from "
          "the delta = 1e-3 Huber refit whose bootstrap interval is measured here.",
    constants=[Constant("epoch_estimates", {"E": 1.82, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658},
                        "unconfirmed", "[MEM] recalled from Besiroglu et al. 2024, not in the spec")],
    mutants=[Mutant("hoffmann_values", "Hoffmann's published values in place of the replication's",
                    predict=lambda p, ctx: Quantity.exact(HOFF_LOG[p["param"]]))],
)
