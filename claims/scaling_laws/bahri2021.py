"""Bahri, Dyer, Kaplan, Lee & Sharma, "Explaining Neural Scaling Laws" (arXiv 2102.06701; PNAS 2024).

Four regimes {variance-limited, resolution-limited} x {data D, model size P} [SRC abstract].  In this
module P counts *features* and D *samples* (Bahri's names; the engine's d and P respectively).
Kernel spectrum lam_i = i^-(1+alpha_K), isotropic teacher (engine: ``Spectrum.bahri``).
"""
from __future__ import annotations

import numpy as np

from claims.core import CIContains, Claim, Constant, Equal, Mutant, Quantity, Source, st
from claims.scaling_laws._theory import cached, de_dps, loglog_plot
from simulators.scaling import de
from simulators.scaling.fit import local_slopes, loglog_fit, loglog_slope, seed_bootstrap
from simulators.scaling.manifold import interpolation_mse
from simulators.scaling.model import Spectrum, draw_instance, wishart_excess

SRC = dict(title="Explaining Neural Scaling Laws", authors="Y. Bahri, E. Dyer, J. Kaplan, J. Lee, U. Sharma",
           year=2021, arxiv="2102.06701", venue="PNAS 2024")


def source(locator):
    return Source(locator=locator, **SRC)


# ---------------------------------------------------------------------------------------------
# BAHRI-1: variance-limited in D: L(D) - L(inf) ~ D^-1 for a fixed model with P < D features
# ---------------------------------------------------------------------------------------------

BAHRI1_D = (512, 1024, 2048, 4096, 8192, 16384)


@cached
def _excess(alpha_K, P, M, draws, seed):
    inst = draw_instance(Spectrum.bahri(alpha_K, M), P, seed)
    mu = np.asarray(inst.mu)
    return inst.sigma2, np.array([wishart_excess(mu, inst.sigma2, D, draws, seed + D) for D in BAHRI1_D]).T


def var_D_measure(p, ctx):
    La, E = _excess(alpha_K=p["alpha_K"], P=p["P"], M=p["M"], draws=p["draws"], seed=p["seed"])
    fit = lambda y: loglog_slope(BAHRI1_D, y)
    point, reps = seed_bootstrap(E, fit, n_boot=400, seed=ctx.seed % 2 ** 32)
    ci = Quantity.bootstrap(reps, point)
    # finite-size bias: the same fitter on the exact finite-D curve P/(D-P-1) at the same D, vs far out
    exact = lambda Ds: [p["P"] / (D - p["P"] - 1) for D in Ds]
    far = [2 ** 20 * 2 ** k for k in range(6)]
    bias = abs(loglog_slope(BAHRI1_D, exact(BAHRI1_D)) - loglog_slope(far, exact(far)))
    ctx.record(fitted=point, ci=[ci.lo, ci.hi], finite_size_bias=bias, L_a=La)
    m = E.mean(0)
    ctx.plot(loglog_plot(f"BAHRI-1: excess loss vs D (P={p['P']} features)", "D (samples)", "E[L] - L_a", BAHRI1_D, m,
                         lo=np.quantile(E, 0.1, 0), hi=np.quantile(E, 0.9, 0), fit=loglog_fit(BAHRI1_D, m),
                         pred_slope=-1.0, pred_band=0.03))
    return Quantity.interval(ci.lo - bias, ci.hi + bias, value=point, kind="statistical",
                             note=f"95% bootstrap over data draws, widened by the finite-D bias {bias:.4f} "
                                  "(same fitter on the exact finite-D curve vs D ~ 2^20)")


variance_limited_D = Claim(
    name="variance_limited_data", source=source("variance-limited regime, data (abstract [SRC]; exact form DERIVED)"),
    statement=r"For a fixed model with $P$ features, $L(D) - L(\infty) \propto D^{-1}$: fitted exponent $-1$ for "
              r"$D \in [16P, 512P]$.",
    assumptions=["linear features, Gaussian data, ridgeless OLS", "P fixed, D >> P"],
    params=st.fixed_dictionaries({"alpha_K": st.sampled_from([0.5, 1.0]), "P": st.just(32), "M": st.just(512),
                                  "draws": st.just(150), "seed": st.integers(0, 1000)}),
    examples=[{"alpha_K": 1.0, "P": 32, "M": 512, "draws": 150, "seed": 0}],
    predict=lambda p, ctx: Quantity.exact(-1.0),
    measure=var_D_measure,
    relation=CIContains(tol=0.03, why="the SPEC's tolerance 0.03 (not measured) on top of the bootstrap CI widened "
                                      "by the exactly computed finite-D bias"),
    constants=[Constant("slope tolerance", 0.03, "unconfirmed", "spec BAHRI-1 tolerance, not a measured bias; the "
                        "finite-D bias is computed exactly and added separately")],
    provenance="derived", max_examples={"quick": 0, "full": 3}, budget_s={"quick": 15, "full": 60},
    mutants=[Mutant("sqrt_rate", "statistical-rate confusion: exponent -1/2", predict=lambda p, ctx: Quantity.exact(-0.5))],
)


# ---------------------------------------------------------------------------------------------
# BAHRI-3: resolution-limited duality alpha_D = alpha_P = alpha_K (deterministic equivalents)
# ---------------------------------------------------------------------------------------------

@cached
def _dual_slopes(alpha_K, dps):
    spec = Spectrum.bahri(alpha_K, None)
    ns = [2 ** 8, int(round(2 ** 8.5)), 2 ** 9, int(round(2 ** 9.5)), 2 ** 10]
    Lp = [float(de.loss_rp(spec, n, dps=dps)[0]) for n in ns]          # features, D = inf
    Ld = [float(de.loss_kernel(spec, n, dps=dps)) for n in ns]          # samples, P = inf
    return ns, Lp, Ld


def dual_measure(which):
    def measure(p, ctx):
        ns, Lp, Ld = _dual_slopes(alpha_K=p["alpha_K"], dps=de_dps(ctx))
        L = Lp if which == "P" else Ld
        _, s = local_slopes(ns, L)
        ctx.record(local_slopes=s.tolist())
        ctx.plot(loglog_plot(f"BAHRI-3: L vs {which} (DE, alpha_K={p['alpha_K']})", which, "L", ns, L,
                             fit=loglog_fit(ns, L), pred_slope=-p["alpha_K"], pred_band=0.01))
        return Quantity.interval(-s.max(), -s.min(), note="range of DE local slopes, n in [2^8, 2^10]")
    return measure


for _w, _nm in (("D", "data"), ("P", "features")):
    globals()[f"resolution_limited_{_nm}"] = Claim(
        name=f"resolution_limited_{_nm}",
        source=source("resolution-limited regime and duality (abstract [SRC]: 'a duality'; exponents [MEM])"),
        statement=rf"Kernel spectrum $\lambda_i \propto i^{{-(1+\alpha_K)}}$: $L \propto {_w}^{{-\alpha_K}}$ "
                  r"(deterministic-equivalent local slope within 0.01 for $n \in [2^8, 2^{10}]$), so "
                  r"$\alpha_D = \alpha_P = \alpha_K$.",
        assumptions=["isotropic teacher", "ridgeless", "the other resource infinite"],
        params={"quick": st.fixed_dictionaries({"alpha_K": st.just(1.0)}),
                "full": st.fixed_dictionaries({"alpha_K": st.sampled_from([0.5, 1.0, 2.0])})},
        examples=[{"alpha_K": 1.0}],
        predict=lambda p, ctx: Quantity.exact(p["alpha_K"]),
        measure=dual_measure(_w),
        relation=Equal(atol=0.01, why="DE finite-n correction at n >= 2^8 is < 0.01 (MRS-1 measurement: local slope "
                                      "-0.996 at n = 256 for alpha = 1)"),
        provenance="unconfirmed", depends_on=["scaling_laws.mrs2022.duality"],
        constants=[Constant("alpha_D = alpha_P = alpha_K", True, "unconfirmed", "spec BAHRI-3 [MEM]")],
        max_examples={"quick": 0, "full": 3}, budget_s={"quick": 15, "full": 80},
        mutants=[Mutant("one_plus_alpha", "alpha = 1 + alpha_K (the spectral exponent)",
                        predict=lambda p, ctx: Quantity.exact(1 + p["alpha_K"]))],
    )


# ---------------------------------------------------------------------------------------------
# BAHRI-4: manifold resolution: loss ~ D^(-c/d), c = 4 (piecewise linear), c = 2 (1-NN)
# ---------------------------------------------------------------------------------------------

MANI_D = {1: tuple(2 ** k for k in range(7, 13)), 2: tuple(2 ** k for k in range(8, 14))}


@cached
def _mani(d, method, seeds):
    return np.array([[interpolation_mse(d, D, 97 * s + D, method) for D in MANI_D[d]] for s in range(seeds)])


def mani_measure(p, ctx):
    d, method = p["d"], p["method"]
    Ds = MANI_D[d]
    Y = _mani(d=d, method=method, seeds=p["seeds"])
    point, reps = seed_bootstrap(Y, lambda y: loglog_slope(Ds, y), n_boot=300, seed=ctx.seed % 2 ** 32)
    ci = Quantity.bootstrap(reps, point)
    c = 4 if method == "linear" else 2
    ctx.record(fitted=point, ci=[ci.lo, ci.hi])
    ctx.plot(loglog_plot(f"BAHRI-4: {method} interpolation on T^{d}", "D (samples)", "test MSE", Ds, Y.mean(0),
                         lo=Y.min(0), hi=Y.max(0), fit=loglog_fit(Ds, Y.mean(0)), pred_slope=-c / d, pred_band=0.15))
    return ci


manifold_resolution = Claim(
    name="manifold_resolution", source=source("resolution-limited scaling on a data manifold (4/d: Sharma & Kaplan; "
                                               "Bahri's exact wording UNCONFIRMED)"),
    statement=r"A smooth target on a $d$-dimensional manifold learned by piecewise-linear interpolation has test MSE "
              r"$\propto D^{-4/d}$; by 1-nearest-neighbour (piecewise constant) $\propto D^{-2/d}$.",
    assumptions=["smooth periodic target on the torus T^d", "D uniform samples", "d in {1, 2}"],
    params=st.fixed_dictionaries({"d": st.sampled_from([1, 2]), "method": st.sampled_from(["linear", "nn"]),
                                  "seeds": st.just(4)}),
    examples=[{"d": 1, "method": "linear", "seeds": 4}, {"d": 2, "method": "linear", "seeds": 4},
              {"d": 2, "method": "nn", "seeds": 4}],
    predict=lambda p, ctx: Quantity.exact(-(4 if p["method"] == "linear" else 2) / p["d"]),
    measure=mani_measure,
    relation=CIContains(tol=0.15, why="the SPEC's tolerance 0.15 (no deterministic equivalent exists for this model, "
                                      "so no measured finite-size bias): boundary/pre-asymptotic effects of Delaunay "
                                      "interpolation at D <= 2^13 (spec measured -3.79 for d = 1, -1.92 for d = 2)"),
    provenance="unconfirmed",
    constants=[Constant("c (linear)", 4, "unconfirmed", "'alpha >~ 4/d' vs '~' UNCONFIRMED"),
               Constant("c (1-NN)", 2, "derived", "textbook"),
               Constant("slope tolerance", 0.15, "unconfirmed", "spec BAHRI-4 tolerance, not a measured bias")],
    max_examples={"quick": 0, "full": 4}, budget_s={"quick": 15, "full": 60},
    mutants=[Mutant("c2_for_linear", "c = 2 for the linear interpolant",
                    predict=lambda p, ctx: Quantity.exact(-2 / p["d"]),
                    examples=[{"d": 1, "method": "linear", "seeds": 4}])],
)


variance_limited_width = Claim(
    name="variance_limited_width", source=source("variance-limited regime, model size ([MEM] form L_inf/(1 - D/N))"),
    statement=r"Fixed $D$, ridgeless: $L(N) - L(\infty) \propto N^{-1}$ as $N \to \infty$.",
    predict=lambda p, ctx: Quantity.exact(-1.0), measure=lambda p, ctx: Quantity.unsettled("not run"),
    relation=Equal(atol=0.05, why="spec tolerance"), provenance="unconfirmed",
    skip_reason="needs the finite-(N, P) deterministic equivalent (not implemented); instance estimates at D = 32, "
                "N <= 1024 with 8 draws were too noisy (paired differences change sign at N = 1024)",
)
