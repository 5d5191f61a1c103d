"""The Gibbs algorithm on exact finite worlds: the symmetrized-KL identity (Aminian et al. 2021,
used by He & Goldfeld 2025 for their Gibbs specialization) and the Xu-Raginsky MI bound.

Learner: P(w | S) proportional to pi(w) exp(-beta L_S(w)) with beta = gamma n (gamma = 2 in
World Wd).  Identity: E[gen] = I_SKL(W; S) / beta, where I_SKL = I(W;S) + L(W;S) is the
symmetrized KL information (mutual information plus lautum information).
Both sides are exact finite sums (simulators.generalization.finite_world): E[gen] from the
population and empirical risks over every training set, I_SKL from the joint and product laws of
(W, S).
"""
import math

from claims.core import AtMost, Claim, Equal, Mutant, Quantity, Source, st
from simulators.generalization.finite_world import analyze_spec

from ._worlds import GIBBS_N2, GIBBS_N3, bounds_plot, is_wd, label, random_worlds

AMINIAN = Source(title="Characterizing the Generalization Error of Gibbs Algorithm with Symmetrized KL "
                       "information", authors="G. Aminian, Y. Bu, L. Toni, M. R. D. Rodrigues, G. Wornell",
                 year=2021, arxiv="2107.13656", venue="NeurIPS 2021",
                 locator="main theorem: E[gen] = I_SKL(W;S)/gamma (number unconfirmed; recalled, spec IT-4)")
XU_RAGINSKY = Source(title="Information-theoretic analysis of generalization capability of learning algorithms",
                     authors="A. Xu, M. Raginsky", year=2017, arxiv="1705.07809", venue="NeurIPS 2017",
                     locator="Theorem 1 (sigma-sub-Gaussian loss; number recalled)")


def beta(p):
    return p["gamma"] * p["n"]


def measured_gen(p, ctx):
    r = analyze_spec(p)
    ctx.record(E_gen=r["E_gen"], I_WS=r["I_WS"], lautum=r["lautum_WS"], world=label(p))
    return Quantity.exact(r["E_gen"], note="exact E[L_mu - L_S] by enumerating every training set")


def predict_skl(p, ctx, info="I_SKL"):
    r = analyze_spec(p)
    if is_wd(p) and info == "I_SKL":
        ctx.plot(bounds_plot(f"Gibbs identity and MI bounds: {label(p)}", "exact E[gen]", r["E_gen"], {
            "I_SKL/beta (identity)": r["I_SKL"] / beta(p), "I(W;S)/beta": r["I_WS"] / beta(p),
            "Xu-Raginsky sqrt(I/(2n))": math.sqrt(r["I_WS"] / (2 * p["n"])),
            "Steinke-Zakynthinou sqrt(2 CMI/n)": math.sqrt(2 * r["CMI_SZ"] / p["n"])}))
    return Quantity.exact(r[info] / beta(p), note=f"{info} / (gamma n), exact")


gibbs_worlds = random_worlds(2, learners=("gibbs",))
gibbs_skl = Claim(
    name="gibbs_skl", source=AMINIAN,
    statement=r"for $P(w|S) \propto \pi(w) e^{-\beta L_S(w)}$: "
              r"$\mathbb{E}[\mathrm{gen}] = I_{\mathrm{SKL}}(W;S)/\beta$, "
              r"$I_{\mathrm{SKL}} = D(P_{W,S}\|P_W P_S) + D(P_W P_S\|P_{W,S})$",
    assumptions=["Gibbs posterior with any prior pi of full support", "i.i.d. training set",
                 "any bounded loss"],
    params={"quick": gibbs_worlds, "full": random_worlds(st.integers(2, 3), learners=("gibbs",))},
    examples=[GIBBS_N3, GIBBS_N2], predict=predict_skl, measure=measured_gen,
    # atol 1e-12 (spec IT-4): exact finite sums over <= ~1e3 (S, w) terms, rounding ~1e-15 (float precision)
    relation=Equal(atol=1e-12, why="both sides are exact finite sums in float64 (rounding ~1e-15); the spec asks "
                                   "for agreement within 1e-12"),
    provenance="unconfirmed", kind="identity", max_examples={"quick": 10, "full": 60},
    notes="identity recalled (MEMORY in the spec) and checked numerically here; spec IT-4 (He & Goldfeld's Gibbs "
          "specialization builds on it)",
    mutants=[Mutant("plain_mi", "I(W;S) in place of the symmetrized I_SKL(W;S)",
                    predict=lambda p, ctx: predict_skl(p, ctx, "I_WS"))],
)

xu_raginsky = Claim(
    name="xu_raginsky", source=XU_RAGINSKY,
    statement=r"loss in $[0,1]$ (so $\tfrac12$-sub-Gaussian): "
              r"$|\mathbb{E}[\mathrm{gen}]| \le \sqrt{I(W;S)/(2n)}$",
    assumptions=["loss in [0, 1]", "i.i.d. training set", "any (randomized) learner"],
    params={"quick": random_worlds(2), "full": random_worlds(st.integers(2, 3))},
    examples=[GIBBS_N2, GIBBS_N3],
    predict=lambda p, ctx: Quantity.exact(math.sqrt(analyze_spec(p)["I_WS"] / (2 * p["n"]))),
    measure=lambda p, ctx: Quantity.exact(abs(analyze_spec(p)["E_gen"])),
    # slack 1e-12: float rounding of exact finite sums (~1e-15); decides exact ties E[gen] = I = 0
    relation=AtMost(slack=1e-12, why="exact finite sums in float64 of terms <= 1: rounding < 1e-12 absolute "
                                     "(decides exact ties at 0); no statistical slack"),
    provenance="unconfirmed", kind="theorem", max_examples={"quick": 8, "full": 40},
    mutants=[Mutant("sigma_quarter", "sub-Gaussian constant 1/4 instead of 1/2 (sqrt(I/(8n)))",
                    predict=lambda p, ctx: Quantity.exact(math.sqrt(analyze_spec(p)["I_WS"] / (8 * p["n"]))))],
)


# ------------------------------------------------------------------ cross-paper: PAC-Bayes in expectation
PAC_BAYES_EXP = Source(title="PAC-Bayesian supervised classification: the thermodynamics of statistical learning",
                       authors="O. Catoni", year=2007, arxiv="0712.0248",
                       locator="PAC-Bayes bound in expectation via Donsker-Varadhan + Hoeffding (standard; recalled)")


def pb_expectation(p, ctx=None, div=2.0):
    r = analyze_spec(p)
    return Quantity.exact(math.sqrt(r["E_KL_prior"] / (div * p["n"])),
                          note="sqrt(E_S KL(Q_S || pi) / (2n)) = min over lambda of E KL / lambda + lambda / (8n)")


pac_bayes_expectation = Claim(
    name="pac_bayes_expectation", source=PAC_BAYES_EXP,
    statement=r"for any posterior map $S\mapsto Q_S$ and prior $\pi$, loss in $[0,1]$: "
              r"$\mathbb{E}_S\mathbb{E}_{Q_S}[L_\mu - L_S] \le \sqrt{\mathbb{E}_S\mathrm{KL}(Q_S\|\pi)/(2n)}$; "
              r"checked on the Gibbs worlds (the same worlds as the SKL identity and the CMI bounds), where it is "
              r"never tighter than Xu-Raginsky since $\mathbb{E}_S\mathrm{KL}(Q_S\|\pi) = I(W;S) + \mathrm{KL}(P_W\|\pi)$",
    assumptions=["loss in [0, 1]", "prior pi fixed before the sample", "i.i.d. training set"],
    params={"quick": gibbs_worlds, "full": random_worlds(st.integers(2, 3), learners=("gibbs",))},
    examples=[GIBBS_N2, GIBBS_N3], predict=pb_expectation, measure=measured_gen,
    # slack 1e-12: float rounding of exact finite sums (~1e-15); decides exact ties E[gen] = E KL = 0
    relation=AtMost(slack=1e-12, why="exact finite sums in float64 of terms <= 1: rounding < 1e-12 absolute "
                                     "(decides exact ties at 0)"),
    provenance="unconfirmed", max_examples={"quick": 8, "full": 40},
    depends_on=["xu_raginsky"],
    mutants=[Mutant("hoeffding_constant_quarter", "sqrt(E KL / (8n)): sub-Gaussian constant 1/4 instead of 1/2",
                    predict=lambda p, ctx: pb_expectation(p, ctx, div=8.0))],
)
