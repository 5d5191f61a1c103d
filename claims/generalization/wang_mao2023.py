"""Wang & Mao (ICML 2023): supersample conditional-MI generalization bounds, on exact finite worlds.

Setting: supersample Z~ in Z^{n x 2} i.i.d. from mu, mask U ~ Unif{0,1}^n independent of Z~,
training set S = (Z~_{i,U_i})_i, W = A(S) (possibly randomized), loss in [0, 1]; loss pair
L_i = (L_{i,0}, L_{i,1}), loss difference Delta L_i = L_{i,1} - L_{i,0}.

Every quantity is an exact finite sum over all (Z~, U, W) (simulators.generalization.finite_world):
no mutual-information estimator is involved, so a verdict is about the bound, not an estimator.
The measured side (E[gen], E[L_mu], E[L_n]) is computed by enumerating training sets S in Z^n
directly; the predicted side (the bounds) from the supersample MI tables.  All MI in nats.

Bound shapes follow the official code (ZiqiaoWangGeothe/ld-single-CMI, modules/bound_utils.py);
theorem numbers are UNCONFIRMED (spec section 3).
"""
import math

import numpy as np

from claims.core import AtMost, CIContains, Claim, Constant, Equal, Mutant, Quantity, Source, st
from simulators.generalization.finite_world import analyze_spec, fast_rate_bound
from simulators.generalization.kl import kl_bernoulli

from ._worlds import (ERM_NOISY_N2, ERM_REAL_N2, ERM_REAL_N3, GAMMA_N2, GAMMA_N3, GIBBS_N2, GIBBS_N3, WD_ALL, WD_N2,
                      bounds_plot, is_wd, label, random_realizable_worlds, random_worlds, tiered)

ARXIV = "2302.02432"
TITLE = "Tighter Information-Theoretic Generalization Bounds from Supersamples"
AUTHORS = "Z. Wang, Y. Mao"


def src(locator):
    return Source(title=TITLE, authors=AUTHORS, year=2023, arxiv=ARXIV, venue="ICML 2023", locator=locator)


CODE = Constant("bound shapes", "modules/bound_utils.py, BoundCompare.py", "code",
                "as computed by the official code ZiqiaoWangGeothe/ld-single-CMI")
THM = Constant("theorem numbers", None, "unconfirmed", "theorem numbers of Wang & Mao 2023 not confirmed (spec 0.3)")

# Finite-world slack (float precision): every quantity is a float64 sum of N <= ~2e6 enumerated terms
# of total mass <= 1.  numpy's sums are pairwise (error <= ~log2(N) eps ~ 5e-15); BLAS dot products
# have a worst-case N eps ~ 2e-10 bound but independent roundings add like sqrt(N) eps ~ 2e-13.
# Measured: two independent routes to E[gen] (training sets vs supersamples) agree to < 1e-16 on the
# n = 3 World Wd configurations and < 1e-13 in tests/unit/test_sim_generalization.py.  1e-12 is above
# that and decides exact ties (E[gen] = bound = 0 in degenerate worlds); it is far below every
# mutant's gap (>= 1e-3 on its refuting instance).
FLOAT = ("both sides are float64 sums over at most ~2e6 exactly enumerated terms of total mass <= 1: rounding "
         "~1e-13 absolute at most (two independent routes to E[gen] agree to < 1e-13), hence slack 1e-12 (it "
         "decides exact ties such as E[gen] = bound = 0 in degenerate worlds); no estimator, so no statistical "
         "slack")
FLOAT_SLACK = 1e-12


def world(p):
    return analyze_spec(p)


def measured_gen(p, ctx):
    r = world(p)
    ctx.record(E_gen=r["E_gen"], E_Ln=r["E_Ln"], E_Lmu=r["E_Lmu"], world=label(p))
    return Quantity.exact(r["E_gen"], note="exact E[L_mu - L_S] by enumerating every training set")


def all_bounds(r) -> dict:
    """Every supersample bound on E[gen] in the official code's form, from the exact MI tables."""
    n = r["n"]
    pz = r["p_supersample"]
    disint = lambda Iz: float(np.mean(pz @ np.sqrt(2 * Iz)))
    cond = lambda Iz: float(np.mean(np.sqrt(2 * (pz @ Iz))))
    out = {
        "ld-CMI (unconditional)": float(np.mean(np.sqrt(2 * r["I_dL"]))),
        "ld-CMI disintegrated": disint(r["Iz_dL"]),
        "e-CMI disintegrated": disint(r["Iz_L"]),
        "f-CMI disintegrated": disint(r["Iz_F"]),
        "ld-CMI conditional": cond(r["Iz_dL"]),
        "e-CMI conditional": cond(r["Iz_L"]),
        "f-CMI conditional": cond(r["Iz_F"]),
        "single-loss": 2 * float(np.mean(np.sqrt(2 * r["I_L0"]))),
        "Steinke-Zakynthinou": math.sqrt(2 * r["CMI_SZ"] / n),
        "fast-rate (Opt)": fast_rate_bound(r["E_Ln"], float(np.mean(r["I_L"])))["bound"],
        "Xu-Raginsky": math.sqrt(r["I_WS"] / (2 * n)),
    }
    return out


# ------------------------------------------------------------------ WM-1: ld-CMI square-root bound
def predict_ld(p, ctx):
    r = world(p)
    if is_wd(p):
        ctx.plot(bounds_plot(f"Bounds vs exact E[gen]: {label(p)}", "exact E[gen]", r["E_gen"], all_bounds(r)))
    return Quantity.exact(np.mean(np.sqrt(2 * r["I_dL"])), note="(1/n) sum_i sqrt(2 I(dL_i;U_i)), exact MI")


ld_cmi = Claim(
    name="ld_cmi", source=src("loss-difference CMI bound, square-root form (theorem number unconfirmed)"),
    statement=r"$\mathbb{E}[\mathrm{gen}] \le \frac1n\sum_{i=1}^n \sqrt{2\, I(\Delta L_i; U_i)}$ "
              r"for losses in $[0,1]$ ($\Delta L_i = L_{i,1}-L_{i,0}$, MI in nats)",
    assumptions=["loss in [0, 1]", "supersample i.i.d., U uniform and independent of the supersample",
                 "any (randomized) learner"],
    params=tiered(WD_N2, WD_ALL, random_worlds(2), random_worlds(st.integers(2, 3))),
    examples=WD_ALL, predict=predict_ld, measure=measured_gen,
    relation=AtMost(slack=FLOAT_SLACK, why=FLOAT), constants=[CODE, THM], provenance="code", kind="theorem",
    max_examples={"quick": 12, "full": 60},
    mutants=[Mutant("sqrt_I_over_2", "sqrt(I/2) in place of sqrt(2I) (a factor 4 too small inside the root); "
                    "falls below the exact E[gen] on the Gibbs worlds",
                    predict=lambda p, ctx: Quantity.exact(np.mean(np.sqrt(world(p)["I_dL"] / 2))),
                    examples=[GIBBS_N3, GIBBS_N2])],
)


# ------------------------------------------------------------------ WM-1s: single-loss bound
single_loss = Claim(
    name="single_loss", source=src("single-loss CMI bound ('SL' / pos_bound in the code; theorem number unconfirmed)"),
    statement=r"$\mathbb{E}[\mathrm{gen}] \le \frac2n\sum_{i=1}^n \sqrt{2\, I(L_{i,0}; U_i)}$ "
              r"(one loss of the pair suffices, at the price of a factor 2)",
    assumptions=["loss in [0, 1]", "supersample i.i.d., U uniform and independent of the supersample"],
    params=tiered(WD_N2, WD_ALL, random_worlds(2), random_worlds(st.integers(2, 3))),
    examples=WD_ALL,
    predict=lambda p, ctx: Quantity.exact(2 * np.mean(np.sqrt(2 * world(p)["I_L0"])),
                                          note="(2/n) sum_i sqrt(2 I(L_{i,0};U_i)), exact MI"),
    measure=measured_gen, relation=AtMost(slack=FLOAT_SLACK, why=FLOAT), constants=[CODE, THM], provenance="code",
    max_examples={"quick": 10, "full": 60},
    notes="Dropping the factor 2 is NOT a valid mutant: (1/n) sum sqrt(2 I(L_{i,0};U_i)) is itself sound "
          "(derived here: by column symmetry E[gen_i] = -2 E[(-1)^{U_i} L_{i,0}], and Donsker-Varadhan with a "
          "[0,1]-valued loss gives |E[(-1)^U L_{i,0}]| <= sqrt(I/2)); a search over 4,000 random (world, learner) pairs at n = 2 found "
          "E[gen] / that bound as close as 1 - 4e-5 but never above 1. The encoded (code) form is loose by 2; the tight form is single_loss_tight.",
    mutants=[Mutant("sqrt_I_over_2_no_factor_2", "(1/n) sum sqrt(I/2): sqrt(I/2) in place of sqrt(2I) and the "
                    "factor 2 dropped (a factor 4 too small overall)",
                    predict=lambda p, ctx: Quantity.exact(np.mean(np.sqrt(world(p)["I_L0"] / 2))),
                    examples=[GIBBS_N2, GIBBS_N3])],
)


single_loss_tight = Claim(
    name="single_loss_tight", source=src("single-loss bound without the factor 2 (derived here, not the paper's form)"),
    statement=r"$\mathbb{E}[\mathrm{gen}] \le \frac1n\sum_{i=1}^n \sqrt{2\, I(L_{i,0}; U_i)}$: by column symmetry "
              r"$\mathbb{E}[\mathrm{gen}_i] = -2\mathbb{E}[(-1)^{U_i}L_{i,0}]$ and Donsker-Varadhan gives "
              r"$|\mathbb{E}[(-1)^{U_i}L_{i,0}]| \le \sqrt{I(L_{i,0};U_i)/2}$",
    assumptions=["loss in [0, 1]", "supersample i.i.d., U uniform and independent of the supersample"],
    params=tiered(WD_N2, WD_ALL, random_worlds(2), random_worlds(st.integers(2, 3))),
    examples=WD_ALL,
    predict=lambda p, ctx: Quantity.exact(np.mean(np.sqrt(2 * world(p)["I_L0"])),
                                          note="(1/n) sum_i sqrt(2 I(L_{i,0};U_i)), exact MI"),
    measure=measured_gen, relation=AtMost(slack=FLOAT_SLACK, why=FLOAT), provenance="derived",
    depends_on=["single_loss"], max_examples={"quick": 10, "full": 60},
    mutants=[Mutant("bound_times_0_9", "the tight single-loss bound times 0.9 (refuted where it is nearly tight)",
                    predict=lambda p, ctx: Quantity.exact(0.9 * np.mean(np.sqrt(2 * world(p)["I_L0"]))),
                    examples=[{"world": "random", "seed": 268, "m": 2, "k": 3, "learner": "gibbs", "gamma": 0.5,
                               "n": 2, "loss": "binary", "prior": "uniform"}])],
)


# ------------------------------------------------------------------ WM-1d etc.: the whole bound family
def predict_tightest(p, ctx):
    b = all_bounds(world(p))
    name = min(b, key=b.get)
    ctx.record(tightest=name, **{k.replace(" ", "_").replace("(", "").replace(")", ""): v for k, v in b.items()})
    return Quantity.exact(b[name], note=f"the smallest of {len(b)} bounds: {name}")


bound_family = Claim(
    name="bound_family", source=src("disintegrated / e-CMI / f-CMI / single-loss / fast-rate bounds "
                                    "(theorem numbers unconfirmed) with Steinke-Zakynthinou 2020 and Xu-Raginsky 2017"),
    statement=r"every supersample bound (ld / e / f-CMI, unconditional, conditional and disintegrated; "
              r"single-loss $\frac2n\sum\sqrt{2I(L_{i,0};U_i)}$; Steinke-Zakynthinou $\sqrt{2I(W;U|\tilde Z)/n}$; "
              r"fast-rate; Xu-Raginsky $\sqrt{I(W;S)/(2n)}$) is $\ge \mathbb{E}[\mathrm{gen}]$; "
              r"checked on the smallest of them",
    assumptions=["loss in [0, 1]", "supersample i.i.d., U uniform and independent of the supersample"],
    params=tiered(WD_N2, WD_ALL, random_worlds(2), random_worlds(st.integers(2, 3))),
    examples=WD_ALL, predict=predict_tightest, measure=measured_gen,
    relation=AtMost(slack=FLOAT_SLACK, why=FLOAT), constants=[CODE, THM], provenance="code",
    max_examples={"quick": 12, "full": 60},
    mutants=[Mutant("disintegrated_sqrt_I_over_2", "disintegrated ld-CMI with sqrt(I/2) in place of sqrt(2I)",
                    predict=lambda p, ctx: Quantity.exact(
                        np.mean(world(p)["p_supersample"] @ np.sqrt(world(p)["Iz_dL"] / 2))),
                    examples=[GIBBS_N2, GIBBS_N3])],
)


# ------------------------------------------------------------------ pointwise DPI hierarchy
def hierarchy_violation(r, chain):
    """Largest violation of I(a) <= I(b) over consecutive pairs of the chain, per supersample and i."""
    return max(float(np.max(r[a] - r[b])) for a, b in zip(chain, chain[1:]))


CHAIN = ["Iz_dL", "Iz_L", "Iz_F", "Iz_W"]

dpi_hierarchy = Claim(
    name="dpi_hierarchy", source=src("hierarchy of supersample CMI quantities (derived, data processing)"),
    statement=r"for every $\tilde z$ and $i$: $I^{\tilde z}(\Delta L_i;U_i) \le I^{\tilde z}(L_i;U_i) \le "
              r"I^{\tilde z}(F_i;U_i) \le I^{\tilde z}(W;U_i)$, and $I(\Delta L_i;U_i) \le I(\Delta L_i;U_i|\tilde Z)$",
    assumptions=["Delta L_i is a function of L_i, L_i of F_i (loss of the prediction), F_i of W given z~",
                 "U independent of Z~"],
    params=tiered(WD_N2, WD_ALL, random_worlds(2), random_worlds(st.integers(2, 3))),
    examples=WD_ALL,
    predict=lambda p, ctx: Quantity.exact(0.0, note="no violation"),
    measure=lambda p, ctx: Quantity.exact(max(
        hierarchy_violation(world(p), CHAIN),
        float(np.max(world(p)["I_dL"] - world(p)["p_supersample"] @ world(p)["Iz_dL"]))),
        note="largest violation over all z~, i, and of the unconditional <= conditional step"),
    # slack 1e-12 (float precision): each I^z~ sums O(1e2) terms (rounding ~1e-16), the unconditional step
    # compares sums over <= ~5e4 supersamples (rounding ~1e-14); exact ties (equal MIs) are common here
    relation=AtMost(slack=1e-12, why="MI values are float64 sums of O(1e2) terms per supersample (rounding ~1e-16) "
                                     "and averages over <= ~5e4 supersamples (rounding ~1e-14): < 1e-12 nats; "
                                     "decides the exact ties of the chain"),
    provenance="derived", kind="lemma", max_examples={"quick": 12, "full": 60},
    mutants=[Mutant("reversed_chain", "reverse order I^z(W;U_i) <= I^z(dL_i;U_i): false whenever W carries "
                    "more about U_i than the loss difference",
                    measure=lambda p, ctx: Quantity.exact(hierarchy_violation(world(p), CHAIN[::-1])),
                    examples=[GIBBS_N2])],
)


# ------------------------------------------------------------------ negative control
uncond_le_disint = Claim(
    name="uncond_le_disint", source=src("negative control: a false ordering between two bounds"),
    statement=r"(FALSE in general) $\frac1n\sum_i\sqrt{2I(\Delta L_i;U_i)} \le "
              r"\mathbb{E}_{\tilde Z}\frac1n\sum_i\sqrt{2I^{\tilde Z}(\Delta L_i;U_i)}$",
    assumptions=["realizable World Wd, ERM"],
    params=None, examples=[ERM_REAL_N2, ERM_REAL_N3],
    predict=lambda p, ctx: Quantity.exact(np.mean(world(p)["p_supersample"] @ np.sqrt(2 * world(p)["Iz_dL"])),
                                          note="disintegrated ld-CMI bound"),
    measure=lambda p, ctx: Quantity.exact(np.mean(np.sqrt(2 * world(p)["I_dL"])), note="unconditional ld-CMI bound"),
    relation=AtMost(slack=FLOAT_SLACK, why=FLOAT), provenance="derived", kind="control",
    expect="refuted",
    expect_reason="negative control (spec WM-1/2): I(dL;U) <= I(dL;U|Z~) = E I^Z~ holds, but E sqrt(.) <= sqrt(E .) "
                  "goes the other way, so the unconditional square-root bound can exceed the disintegrated one; "
                  "the realizable ERM World Wd is a counterexample",
    mutants=[Mutant("half_disintegrated", "unconditional <= disintegrated / 2 (even more false)",
                    predict=lambda p, ctx: Quantity.exact(
                        0.5 * np.mean(world(p)["p_supersample"] @ np.sqrt(2 * world(p)["Iz_dL"]))))],
)


# ------------------------------------------------------------------ WM-3 interpolating identity
def predict_interp(p, ctx, div=math.log(2)):
    r = world(p)
    if is_wd(p) and div == math.log(2):      # evidence plot (theory side; the mutants' divisors are not drawn)
        ctx.plot(bounds_plot(f"Interpolating identity: {label(p)}", "exact E[L_mu]", r["E_Lmu"], {
            "(1/n) sum I(dL;U)/ln2": np.mean(r["I_dL"]) / math.log(2),
            "2 mean I(L;U)/ln2 (SIP)": 2 * np.mean(r["I_L"]) / math.log(2),
            "mean I(L;U)/ln2 (PIP)": np.mean(r["I_L"]) / math.log(2),
            **({"closed form 0.3*0.7^n": 0.3 * 0.7 ** p["n"]} if p.get("world") == "realizable" else {})}))
    return Quantity.exact(np.mean(r["I_dL"]) / div, note="(1/n) sum_i I(dL_i;U_i) / ln 2")


def measure_lmu(p, ctx):
    r = world(p)
    ctx.record(E_Lmu=r["E_Lmu"], E_Ln=r["E_Ln"], interpolating=r["interpolating"], world=label(p),
               **({"closed_form_0.3*0.7^n": 0.3 * 0.7 ** p["n"]} if p.get("world") == "realizable" else {}))
    # measured side only: no MI is touched here (the evidence plot is drawn by predict_interp)
    return Quantity.exact(r["E_Lmu"], note="exact E[L_mu] by enumerating every training set")


def interpolating(p):
    return analyze_spec(p)["interpolating"] or "learner is not interpolating (L_S(W) > 0 with positive probability)"


interp_identity = Claim(
    name="interp_identity", source=src("interpolating algorithms, exact identity ('Perfect' bound in the code; "
                                       "theorem number unconfirmed)"),
    statement=r"0-1 loss, i.i.d. supersample, $L_n = 0$ a.s. $\Rightarrow$ "
              r"$\mathbb{E}[L_\mu] = \frac1n\sum_i I(\Delta L_i;U_i)/\ln 2$ (equality)",
    assumptions=["0-1 loss", "the learner interpolates: L_S(W) = 0 almost surely", "U independent of Z~"],
    params={"quick": random_realizable_worlds(2),
            "full": random_realizable_worlds(st.integers(2, 3))},
    assume=interpolating,
    examples=[ERM_REAL_N2, ERM_REAL_N3], predict=predict_interp, measure=measure_lmu,
    relation=Equal(atol=1e-12, why="both sides are exact finite sums in float64 (rounding ~1e-16); the spec "
                                   "asks for agreement within 1e-12"),
    constants=[CODE, THM], provenance="derived", kind="identity", max_examples={"quick": 8, "full": 40},
    mutants=[
        Mutant("over_2ln2", "divided by 2 ln 2 instead of ln 2",
               predict=lambda p, ctx: predict_interp(p, ctx, 2 * math.log(2))),
        Mutant("nats_not_bits", "the /ln 2 forgotten (MI left in nats)",
               predict=lambda p, ctx: predict_interp(p, ctx, 1.0)),
        Mutant("non_interpolating", "identity applied to a non-interpolating learner (noisy World Wd, ERM, n=2)",
               assume=lambda p: True, examples=[ERM_NOISY_N2], params=None),
    ],
)


# ------------------------------------------------------------------ WM-4 fast rate
def predict_fast(p, ctx):
    r = world(p)
    fr = fast_rate_bound(r["E_Ln"], float(np.mean(r["I_L"])))
    ctx.record(C1=fr["C1"], C2=fr["C2"], I_bar=float(np.mean(r["I_L"])))
    return Quantity.exact(fr["bound"], note=f"min C1 E[L_n] + I/C2 at C1={fr['C1']:.4g}, C2={fr['C2']:.4g}")


fast_rate = Claim(
    name="fast_rate", source=src("fast-rate bound ('Opt' in the code; theorem number unconfirmed)"),
    statement=r"$\mathbb{E}[\mathrm{gen}] \le \min_{C_1,C_2>0} C_1\mathbb{E}[L_n] + \bar I/C_2$ "
              r"s.t. $e^{2C_2}+e^{-2C_2(C_1+1)} \le 2$, $\bar I = \frac1n\sum_i I(L_i;U_i)$",
    assumptions=["loss in {0, 1} (0-1 loss)", "U independent of Z~"],
    params=tiered(WD_N2 + GAMMA_N2, WD_ALL + GAMMA_N2 + GAMMA_N3, random_worlds(2, loss=("binary",)),
                  random_worlds(st.integers(2, 3), loss=("binary",))),
    examples=WD_ALL + GAMMA_N2, predict=predict_fast, measure=measured_gen,
    relation=AtMost(slack=FLOAT_SLACK, why=FLOAT + "; the optimum over (C1, C2) is exact up to the 1-D "
                                                   "minimization, and any feasible (C1, C2) gives a valid bound"),
    constants=[CODE, THM, Constant("I_bar", "mean_i I(L_i;U_i) (loss pair)", "unconfirmed",
                                   "the paper's L_i^+ is not confirmed; the loss-pair MI upper-bounds the MI of "
                                   "any function of the pair, so the encoded bound is no tighter than the paper's")],
    provenance="code", max_examples={"quick": 10, "full": 60},
    mutants=[Mutant("C1_zero", "C1 = 0 with the constraint dropped (I/C2 at C2 = 0.3): infeasible, and falls "
                    "below E[gen] on Gibbs n = 3",
                    predict=lambda p, ctx: Quantity.exact(np.mean(world(p)["I_L"]) / 0.3), examples=[GIBBS_N3])],
)


# ------------------------------------------------------------------ WM-7 binary kl
def predict_kl(p, ctx):
    r = world(p)
    Ib = float(np.mean(r["I_L"]))
    if is_wd(p):                               # evidence plot (theory side): the inverted bounds on E[L_mu]
        from simulators.generalization.kl import kl_inv
        ctx.plot(bounds_plot(f"Binary-kl bound on E[L_mu]: {label(p)}", "exact E[L_mu]", r["E_Lmu"], {
            "2 kl^-1(E L_n, mean I(L;U)) - E L_n": 2 * kl_inv(r["E_Ln"], Ib) - r["E_Ln"],
            "E L_n + fast-rate bound": r["E_Ln"] + fast_rate_bound(r["E_Ln"], Ib)["bound"]}))
    return Quantity.exact(Ib, note="mean_i I(L_i;U_i), nats")


def measure_kl(p, ctx):
    r = world(p)                               # measured side: expectations only, no MI
    return Quantity.exact(float(kl_bernoulli(r["E_Ln"], (r["E_Ln"] + r["E_Lmu"]) / 2)),
                          note="kl(E L_n || (E L_n + E L_mu)/2), exact expectations")


kl_bound = Claim(
    name="kl_bound", source=src("binary-kl supersample bound ('KL' in the code; theorem number unconfirmed)"),
    statement=r"$\mathrm{kl}\big(\mathbb{E}L_n \,\big\|\, \tfrac{\mathbb{E}L_n+\mathbb{E}L_\mu}{2}\big) \le "
              r"\frac1n\sum_i I(L_i;U_i)$",
    assumptions=["0-1 loss", "U independent of Z~"],
    params=tiered(WD_N2 + GAMMA_N2, WD_ALL + GAMMA_N2 + GAMMA_N3, random_worlds(2, loss=("binary",)),
                  random_worlds(st.integers(2, 3), loss=("binary",))),
    examples=WD_ALL + GAMMA_N2,
    predict=predict_kl, measure=measure_kl, relation=AtMost(slack=FLOAT_SLACK, why=FLOAT), constants=[CODE, THM],
    provenance="code",
    max_examples={"quick": 10, "full": 60},
    mutants=[Mutant("half_rhs", "right-hand side halved", examples=[GIBBS_N2, GIBBS_N3],
                    predict=lambda p, ctx: Quantity.exact(np.mean(world(p)["I_L"]) / 2))],
)


# ------------------------------------------------------------------ WM-3 continuous data (gpu tier)
def measure_interp_continuous(p, ctx):
    """Per draw: fresh-test-set error minus (1/n) sum_i 1[dL_i != 0]; the identity says the mean is 0
    (I(dL_i;U_i)/ln 2 = P(dL_i != 0) for an interpolating learner).  Mean with a 99% t-interval."""
    from simulators.generalization.nn_supersample import one_nn_supersample
    import torch
    dev = "cuda" if (ctx.tier == "gpu" and torch.cuda.is_available()) else "cpu"
    r = one_nn_supersample(p["n"], p["d"], p["sep"], p["draws"], p["n_test"], ctx.seed, device=dev)
    # plug-in MI on the 3-letter dL alphabet with symmetrized counts, per i, then / ln 2
    I = []
    for i in range(p["n"]):
        J = np.zeros((3, 2))
        for dl, u in zip(r["dL"][:, i].astype(int) + 1, r["U"][:, i]):
            J[dl, u] += 1
        J = (J + J[::-1, ::-1]) / 2                                    # symmetry dL -> -dL, U -> 1-U
        J /= J.sum()
        pd, pu = J.sum(1, keepdims=True), J.sum(0, keepdims=True)
        I.append(float(np.sum(np.where(J > 0, J * np.log(np.where(J > 0, J, 1) / (pd * pu)), 0.0))))
    ctx.record(plugin_identity=float(np.mean(I) / math.log(2)), fresh_test_error=float(np.mean(r["test_err"])),
               device=dev)
    diff = r["test_err"] - np.mean(r["dL"] != 0, axis=1) * p.get("scale", 1.0)
    return Quantity.mean_ci(diff, confidence=0.99, note="fresh test error - (1/n) sum 1[dL_i != 0], per draw")


interp_identity_continuous = Claim(
    name="interp_identity_continuous", source=src("interpolating identity, continuous-data check (spec WM-3, GPU)"),
    statement=r"1-NN on two Gaussian blobs (interpolating a.s.): $\mathbb{E}[L_\mu] = \frac1n\sum_i "
              r"I(\Delta L_i;U_i)/\ln 2 = \frac1n\sum_i P(\Delta L_i\ne0)$, within Monte-Carlo error",
    assumptions=["continuous X (no ties), 1-NN interpolates", "0-1 loss"],
    params=None, examples=[{"n": 10, "d": 5, "sep": 1.0, "draws": 4000, "n_test": 2000}],
    predict=lambda p, ctx: Quantity.exact(0.0),
    measure=measure_interp_continuous,
    relation=CIContains(why="99% t-interval over 4000 independent draws of the per-draw difference"),
    constants=[CODE, THM], provenance="derived", kind="identity", tiers=("gpu",), backends=("numpy", "torch"),
    depends_on=["interp_identity"],
    mutants=[Mutant("over_2ln2", "identity divided by 2 ln 2 instead of ln 2",
                    measure=lambda p, ctx: measure_interp_continuous({**p, "scale": 0.5}, ctx))],
)
