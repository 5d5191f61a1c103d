"""(Mis)Fitting: the scaling-law fitting checklist made executable.

Spec: shared/specs/scaling_laws.md section 10 (MF-1..MF-4) and goal G6.  Li,
Kudugunta and Zettlemoyer (2025) survey scaling-law papers; per spec section 10 their
replications on Chinchilla (and Porian 2024) data show conclusions shifting with data
definitions, counting embedding FLOPs, using intermediate checkpoints, the fitting
loss function and the initialisation.  Here every fit is a simulators/scaling_fit fit with a FitRecord, and fits
are compared only through ``compare_fits(..., vary=...)``, which refuses to compare
fits whose provenance differs in anything not declared as varied.

The robustness matrix: the decision quantities a = beta/(alpha+beta) and D/N at
Chinchilla's compute (5.88e23 FLOPs), refitted across objectives, starts, IsoFLOP
/ compute windows and held-out splits.  "Conclusion robust" holds only if every
refit lies within one bootstrap standard error of the reference fit.
"""
from functools import lru_cache

import numpy as np

from claims.core import (AtMost, Claim, Constant, Equal, Mutant, Plot, Quantity, Source, StrictlyGreater)
from claims.scaling_laws import _chinchilla_data as chin
from simulators.scaling_fit import (HOFFMANN_THETA, ProvenanceMismatch, chinchilla_like_design, compare_fits,
                                    fit_scaling_law, grid_starts, multistart, predict_loss, simulate, small_starts)
from simulators.scaling_fit.fit import derived_quantities
from simulators.scaling_fit.stats import sd_interval

SOURCE = Source(title="(Mis)Fitting: A Survey of Scaling Laws", authors="M. Li, S. Kudugunta, L. Zettlemoyer",
                year=2025, arxiv="2502.18969", venue="ICLR 2025",
                locator="Sec. on fitting choices and the reporting checklist (section numbers unconfirmed)")
SKIP = "" if chin.available() else chin.MISSING_REASON
C_TARGET = chin.CHINCHILLA_C
# The expectation of a robustness claim may only come from the paper's thesis as the spec states it
# (section 10: conclusions shift with "data definitions, counting embedding FLOPs, using intermediate
# checkpoints, the fitting loss function, and the initialisation"), never from what the harness measured.


# ---------------------------------------------------------------------------
# the matrix

def _reference(tier):
    return chin.fit(bootstrap=chin.BOOT_DRAWS.get(tier, 200))


def _ex(mask_drop, rule):
    """Exclusions (indices into the 245 rows) on top of the replication's 5 highest-loss rows."""
    ref = chin.fit()
    drop = np.flatnonzero(mask_drop & ref.mask)
    return tuple(drop.tolist()), rule


def _variants(axis, tier):
    """[(label, fit, vary)] for one axis of the matrix."""
    d = chin.load()
    ref = chin.fit()
    out = []
    if axis == "objective":
        for o in ("lad", "mse_log", "mse_L"):
            out.append((o, chin.fit(objective=o), ("objective", "delta")))
    elif axis == "starts":
        for seed in (1, 2):
            f = fit_scaling_law(data=d, drop_highest_loss=chin.DROP_HIGHEST, starts=small_starts(20, seed))
            out.append((f"20 Sobol starts, seed {seed}", f, ("starts",)))
        g = grid_starts() if tier == "full" else grid_starts()[::30]
        out.append((f"grid ({len(g)} starts)", chin.fit(starts=tuple(map(tuple, g))), ("starts",)))
    elif axis == "window":
        nopt, _ = ref.allocation(d.C)
        dev = np.abs(np.log(d.N / nopt))
        for w in (2, 3, 5):
            ex, rule = _ex(dev > np.log(w), f"IsoFLOP window: N within x{w} of the reference N_opt(C)")
            out.append((f"N within x{w} of N_opt", chin.fit(exclude=ex, exclusion_rule=rule), _VARY_DATA))
        ex, rule = _ex(d.C < 1e19, "compute window: C >= 1e19")
        out.append(("C >= 1e19", chin.fit(exclude=ex, exclusion_rule=rule), _VARY_DATA))
    elif axis == "split":
        ex, rule = _ex(d.C >= 1e21, "held-out split: train on C < 1e21")
        out.append(("train C < 1e21", chin.fit(exclude=ex, exclusion_rule=rule), _VARY_DATA))
        rng = np.random.default_rng(2025)
        used = np.flatnonzero(ref.mask)
        for k in range(3):
            te = np.zeros(len(d), bool)
            te[rng.choice(used, used.size // 5, replace=False)] = True
            ex, rule = _ex(te, f"random 80% split {k} (seed 2025)")
            out.append((f"random 80% split {k}", chin.fit(exclude=ex, exclusion_rule=rule), _VARY_DATA))
    return out


_VARY_DATA = ("excluded", "exclusion_rule", "n_points")


@lru_cache(maxsize=None)
def matrix(axis, tier):
    ref = _reference(tier)
    a0, dn0 = ref.params["a_N"], float(ref.tokens_per_param(C_TARGET))
    se_a = sd_interval(ref.bootstrap_values("a_N"))
    se_dn = sd_interval(ref.bootstrap_values("D/N", C_TARGET))
    rows = []
    for label, f, vary in _variants(axis, tier):
        # compare_fits raises ProvenanceMismatch if anything but the declared axis differs
        cmp = compare_fits(_strip_boot(ref), f, vary=vary, C=C_TARGET)
        rows.append(dict(label=label, a=f.params["a_N"], dn=float(f.tokens_per_param(C_TARGET)),
                         da=cmp["a_N"], ddn=float(f.tokens_per_param(C_TARGET)) - dn0, varied=cmp["varied"],
                         converged=f.converged))
    return dict(a0=a0, dn0=dn0, se_a=se_a, se_dn=se_dn, rows=rows)


def _strip_boot(fit):
    """The reference fit's record without its bootstrap (the variants are point fits)."""
    from dataclasses import replace
    return replace(fit, record=replace(fit.record, bootstrap="none", bootstrap_seed=None, bootstrap_draws=0),
                   boot_theta=None, boot_converged=None)


def measure_axis(axis):
    def measure(p, ctx, scale=1.0):
        m = matrix(axis, ctx.tier)
        (sa, sa_lo, sa_hi), (sd, sd_lo, sd_hi) = m["se_a"], m["se_dn"]
        worst = max(m["rows"], key=lambda r: max(abs(r["da"]) / sa, abs(r["ddn"]) / sd))
        val = max(max(abs(r["da"]) / sa, abs(r["ddn"]) / sd) for r in m["rows"])
        lo = max(max(abs(r["da"]) / sa_hi, abs(r["ddn"]) / sd_hi) for r in m["rows"])
        hi = max(max(abs(r["da"]) / sa_lo, abs(r["ddn"]) / sd_lo) for r in m["rows"])
        if not all(r["converged"] for r in m["rows"]):
            return Quantity.unsettled("a refit in the matrix did not converge")
        ctx.record(a_ref=m["a0"], se_a=sa, DN_ref=m["dn0"], se_DN=sd, worst=worst["label"],
                   **{f"a[{r['label']}]": r["a"] for r in m["rows"]},
                   **{f"D/N[{r['label']}]": r["dn"] for r in m["rows"]})
        labels = [r["label"] for r in m["rows"]]
        ctx.plot(Plot(f"robustness matrix, axis '{axis}': shift in units of one bootstrap SE",
                      "variant (" + "; ".join(f"{i}: {s}" for i, s in enumerate(labels))[:70] + ")",
                      "shift / bootstrap SE")
                 .add("a = beta/(alpha+beta)", list(range(len(labels))), [r["da"] / sa for r in m["rows"]],
                      style="scatter")
                 .add(f"D/N at C={C_TARGET:.2e}", list(range(len(labels))), [r["ddn"] / sd for r in m["rows"]],
                      style="scatter")
                 .add("+-1 SE", None, [1.0, -1.0], style="hline"))
        return Quantity.interval(lo * scale, hi * scale, value=val * scale, kind="statistical",
                                 note="max |shift| / bootstrap SE over variants and both decision quantities; "
                                      "interval from the 95% CI of the SE")
    return measure


def _robust_claim(axis, what, expect="verified", reason="", mutants=(), notes=""):
    return Claim(
        name=f"robust_to_{axis}", source=SOURCE, kind="empirical", provenance="derived", skip_reason=SKIP,
        statement=rf"Conclusion robust to {what}: on the replication data, $a = \beta/(\alpha+\beta)$ and $D/N$ at "
                  r"$C = 5.88\cdot10^{23}$ from every refit lie within one pair-bootstrap standard error of the "
                  r"reference Approach-3 fit (MF-1/G6).",
        assumptions=["reference: summed Huber (delta 1e-3), 20 Sobol starts, 240 points",
                     "fits compared only through compare_fits(vary=...), i.e. with matching provenance otherwise"],
        predict=lambda p, ctx: Quantity.exact(1.0, note="one bootstrap standard error"),
        measure=measure_axis(axis),
        relation=AtMost(why="criterion of the issue: within one bootstrap SE; the SE carries its own 95% "
                            "bootstrap-of-bootstrap interval"),
        constants=[Constant("C_target", C_TARGET, "paper", "Chinchilla: 6 * 70e9 * 1.4e12 FLOPs")],
        expect=expect, expect_reason=reason, mutants=list(mutants), notes=notes,
    )


def _single_start(p, ctx):
    """A single L-BFGS start from one grid point that ends in a local optimum."""
    m = init_sensitivity(ctx.tier)
    r = m["worst_local"]
    ref = _reference(ctx.tier)
    sa, sa_lo, sa_hi = sd_interval(ref.bootstrap_values("a_N"))
    da = abs(derived_quantities(r.theta)["a_N"] - ref.params["a_N"])
    return Quantity.interval(da / sa_hi, da / sa_lo, value=da / sa)


robust_to_starts = _robust_claim(
    "starts", "the initialisation (Sobol seeds, the replication grid)",
    mutants=[Mutant("single_start", "one L-BFGS start from a grid point that ends in a local optimum (MF-2)",
                    measure=_single_start)])
robust_to_objective = _robust_claim(
    "objective", "the fitting objective (Huber, LAD, MSE on log L, MSE on L)", expect="refuted",
    reason="The expectation is the (Mis)Fitting paper's thesis as the spec states it (section 10, MF-1): on the "
           "Chinchilla data, conclusions shift with the fitting loss function. It was not derived from the "
           "measurement (see notes for the measured shift).",
    notes="Measured (quick tier, 200 pair-bootstrap draws; reference a = 0.514, SE 0.0187; D/N = 17.9, SE 7.6): "
          "MSE on L gives a = 0.545 (+1.64 SE) and D/N = 10.3 (-1.0 SE); MSE on log L a = 0.530 (+0.85 SE), "
          "D/N = 14.2; LAD a = 0.513 (-0.07 SE), D/N = 18.3. Max shift 1.64 SE (1.50..1.83 with the SE's 95% "
          "interval).",
    mutants=[Mutant("half_se", "robust within half a standard error (WEAK: a stronger form of the claim, refuted "
                    "for the same reason)", predict=lambda p, ctx: Quantity.exact(0.5))])
# Windows and held-out splits are axes of the harness's own robustness matrix (spec G6: "flag any conclusion that
# changes"), not dimensions along which the spec says (Mis)Fitting showed conclusions shift.  No paper asserts
# robustness along them, so their expectation cannot come from a paper: it is declared, openly, from this
# harness's own measurement (notes), as a regression guard.  The report shows them refuted with that reason; if the
# data or the fitter change so that the conclusion becomes robust, the run fails and the finding must be re-read.
OWN_FINDING = ("Not a paper's statement: the matrix probes Hoffmann's allocation conclusion along an axis spec G6 "
               "asks the harness to flag. The expectation is this harness's own measured finding (see notes), "
               "declared as a regression guard, not taken from (Mis)Fitting, whose listed axes (spec section 10) "
               "do not name {axis}.")
robust_to_window = _robust_claim(
    "window", "the data window (IsoFLOP windows x2, x3, x5 around N_opt(C); C >= 1e19)", expect="refuted",
    reason=OWN_FINDING.format(axis="data windows"),
    notes="Measured (quick tier, SEs as for robust_to_objective): C >= 1e19 gives a = 0.412 (-5.4 SE), D/N = 107 "
          "(+11.8 SE); N within x2 of N_opt a = 0.467 (-2.5 SE), D/N = 44.8 (+3.5 SE); x3 and x5 stay within 0.4 SE.",
    mutants=[Mutant("half_se", "robust within half a standard error (WEAK: a stronger form of the claim)",
                    predict=lambda p, ctx: Quantity.exact(0.5))])
robust_to_split = _robust_claim(
    "split", "held-out splits (train on C < 1e21; random 80% subsets)", expect="refuted",
    reason=OWN_FINDING.format(axis="held-out splits (MF-3 is about the in- vs out-of-sample ranking of fits)"),
    notes="Measured (quick tier): training on C < 1e21 gives a = 0.548 (+1.81 SE), D/N = 8.6 (-1.23 SE); the three "
          "random 80% subsets stay within 0.75 SE.",
    mutants=[Mutant("half_se", "robust within half a standard error (WEAK: a stronger form of the claim)",
                    predict=lambda p, ctx: Quantity.exact(0.5))])


# ---------------------------------------------------------------------------
# MF-2: initialisation sensitivity of single-start L-BFGS

@lru_cache(maxsize=None)
def init_sensitivity(tier):
    import math
    from claims.scaling_laws._chinchilla_data import used_arrays
    g = grid_starts() if tier == "full" else grid_starts()[::30]
    best, allres = multistart(*used_arrays(), g, keep_all=True)
    f = np.array([r.fun for r in allres])
    f_star = min(best.fun, chin.fit().objective_value)
    bad = [r for r, v in zip(allres, f) if not (math.isfinite(v) and v - f_star <= 1e-8)]
    worst = max(bad, key=lambda r: abs(derived_quantities(r.theta)["a_N"] - 0.5)) if bad else best
    return dict(n=len(allres), f=f, f_star=f_star, bad=bad, worst_local=worst)


def measure_local_optima(p, ctx):
    m = init_sensitivity(ctx.tier)
    k = len(m["bad"])
    a_bad = np.array([derived_quantities(r.theta)["a_N"] for r in m["bad"]])
    a_bad = a_bad[np.isfinite(a_bad)]
    ctx.record(starts=m["n"], reaching_global=m["n"] - k, fraction_global=(m["n"] - k) / m["n"],
               a_spread_among_failures=(float(a_bad.min()), float(a_bad.max())) if a_bad.size else None)
    gaps = np.log10(np.maximum(m["f"] - m["f_star"], 1e-16))
    ctx.plot(Plot(f"single-start L-BFGS from {m['n']} grid points: log10(objective - best)", "log10 gap", "count",
                  kind="hist").add("starts", gaps[np.isfinite(gaps)], style="hist"))
    return Quantity.count(k, m["n"], note=f"{k}/{m['n']} grid starts end above the global optimum (+1e-8)")


local_optima = Claim(
    name="local_optima", source=SOURCE, kind="empirical", provenance="derived", skip_reason=SKIP,
    statement=r"Single-start L-BFGS on the Approach-3 objective is initialisation-sensitive: a non-zero fraction of "
              r"the replication's grid starts stops in a local optimum with a higher objective (MF-2).",
    predict=lambda p, ctx: Quantity.exact(0.0), measure=measure_local_optima,
    relation=StrictlyGreater(why="the exact 95% Clopper-Pearson interval of the failure fraction must exclude 0"),
    notes="Quick tier: every 30th grid point (150 starts); full tier: all 4500.",
    mutants=[Mutant("all_starts_converge", "every single start reaches the global optimum",
                    relation=Equal(why="failure fraction zero"))],
)


# ---------------------------------------------------------------------------
# MF-3: held-out extrapolation

def _heldout(in_sample=False):
    d = chin.load()
    ref = chin.fit()
    test = (d.C >= 1e21) & ref.mask
    ex, rule = _ex(d.C >= 1e21, "held-out split: train on C < 1e21")
    f = chin.fit(exclude=ex, exclusion_rule=rule)
    sel = f.mask if in_sample else test
    N, D, L = d.N[sel], d.D[sel], d.L[sel]
    r_fit = np.log(f.predict(N, D)) - np.log(L)
    r_h = np.log(predict_loss(HOFFMANN_THETA, N, D)) - np.log(L)
    return f, r_fit, r_h


def measure_heldout(p, ctx, in_sample=False):
    f, r_fit, r_h = _heldout(in_sample)
    rmse = lambda r: float(np.sqrt(np.mean(r ** 2)))   # noqa: E731
    diff = rmse(r_fit) - rmse(r_h)
    rng = np.random.default_rng(7)
    reps = [rmse(r_fit[i]) - rmse(r_h[i]) for i in (rng.integers(0, r_fit.size, r_fit.size) for _ in range(2000))]
    where = "in-sample (C < 1e21)" if in_sample else "held-out (C >= 1e21)"
    d = chin.load()
    test = (d.C >= 1e21) & chin.fit().mask
    ctx.record(where=where, n=int(r_fit.size), rmse_refit=rmse(r_fit), rmse_hoffmann=rmse(r_h),
               refit_heldout_error=f.heldout_error(d.N[test], d.D[test], d.L[test]))
    return Quantity.bootstrap(reps, point=diff, note=f"RMSE(refit) - RMSE(Hoffmann) of log L, {where}; 95% paired "
                                                     "bootstrap over points")


heldout_winner = Claim(
    name="heldout_winner", source=SOURCE, kind="empirical", provenance="derived", skip_reason=SKIP,
    statement=r"The fit that wins in-sample need not win out of sample (MF-3): refitted on the runs with "
              r"$C < 10^{21}$, the Approach-3 fit has a lower in-sample error than Hoffmann's published parameters "
              r"but a *higher* RMSE of $\log L$ on the held-out runs with $C \ge 10^{21}$.",
    assumptions=["Hoffmann's parameters were fitted by Hoffmann et al. on their full data (which includes the "
                 "high-compute runs): the comparison shows ranking instability, not that one method is better"],
    predict=lambda p, ctx: Quantity.exact(0.0), measure=measure_heldout,
    relation=StrictlyGreater(why="95% paired bootstrap interval of the RMSE difference must lie above 0"),
    notes="WEAK as evidence for MF-3: Hoffmann's parameters were fitted on data that include the high-compute "
          "region, so only the refit is scored truly out of sample. The in-sample half of the statement is checked "
          "only through the mutant scored_in_sample being refuted.",
    mutants=[Mutant("scored_in_sample", "the comparison scored on the training runs (the in-sample winner wins)",
                    measure=lambda p, ctx: measure_heldout(p, ctx, in_sample=True))],
)


# ---------------------------------------------------------------------------
# MF-4: every fit records its provenance; fits with different provenance refuse comparison

@lru_cache(maxsize=None)
def provenance_pairs():
    """Pairs of real fits differing in exactly one provenance item (synthetic data: no file needed)."""
    N, D = chinchilla_like_design(4, 8)
    L = simulate(HOFFMANN_THETA, N, D, 0.01, rng=3)
    base = dict(starts="small", n_starts=6, bootstrap=20, seed=1)
    ref = fit_scaling_law(N, D, L, **base)
    pairs = {
        "objective": fit_scaling_law(N, D, L, **{**base}, objective="mse_log"),
        "delta": fit_scaling_law(N, D, L, **base, delta=2e-3),
        "tolerance": fit_scaling_law(N, D, L, **base, tol="default"),
        "starts": fit_scaling_law(N, D, L, **{**base, "n_starts": 7}),
        "excluded": fit_scaling_law(N, D, L, **base, exclude=[0]),
        "bootstrap_seed": fit_scaling_law(N, D, L, **{**base, "seed": 2}),
        "bootstrap_draws": fit_scaling_law(N, D, L, **{**base, "bootstrap": 21}),
        "data_sha256": fit_scaling_law(N, D, L * (1 + 1e-12), **base),
        "reduction": fit_scaling_law(N, D, L, **base, reduction="mean"),
    }
    return ref, pairs


def measure_provenance(p, ctx, comparator=compare_fits):
    ref, pairs = provenance_pairs()
    ok = 0
    detail = {}
    for field_, f in pairs.items():
        try:
            comparator(ref, f)
            refused = False
        except ProvenanceMismatch:
            refused = True
        allowed = True
        try:
            comparator(ref, f, vary=tuple(ref.record.diff(f.record)))
        except ProvenanceMismatch:
            allowed = False
        detail[field_] = dict(refused=refused, allowed_when_declared=allowed,
                              differing=sorted(ref.record.diff(f.record)))
        ok += refused and allowed
    ctx.record(cases=detail, record_example=ref.record.to_json())
    return Quantity.exact(ok, note=f"{ok}/{len(pairs)} provenance changes refused undeclared and accepted declared")


def _params_only(f1, f2, vary=()):
    """A comparator that looks at the parameters only (what most papers do)."""
    return {k: f2.params[k] - f1.params[k] for k in ("alpha", "beta", "a_N")}


provenance_guard = Claim(
    name="provenance_guard", source=SOURCE, kind="identity", provenance="derived",
    statement=r"Every fit records its provenance (data hash, objective, $\delta$, reduction, optimiser and tolerance, "
              r"starts, excluded points, bootstrap seed and draws), and two fits that differ in any one of these "
              r"refuse to be compared unless that difference is declared (MF-4).",
    predict=lambda p, ctx: Quantity.exact(len(provenance_pairs()[1])), measure=measure_provenance,
    relation=Equal(why="exact count of cases, no tolerance"),
    mutants=[Mutant("parameters_only", "comparison by fitted parameters only, ignoring provenance",
                    measure=lambda p, ctx: measure_provenance(p, ctx, comparator=_params_only))],
)
