"""Shared parameter spaces for the finite-world claims (not a claim module: no Claim objects).

Instances are plain dicts understood by ``simulators.generalization.finite_world.build``:
World Wd of the spec (noisy / realizable) and random finite worlds a hypothesis search draws
(any finite Z, any finite hypothesis set, binary or real-valued losses, uniform or random
Gibbs prior), so the bounds are tested on worlds nobody hand-picked.
"""
from claims.core import Plot, st

GIBBS_N2 = {"world": "noisy", "learner": "gibbs", "gamma": 2.0, "n": 2}
GIBBS_N3 = {"world": "noisy", "learner": "gibbs", "gamma": 2.0, "n": 3}
ERM_REAL_N2 = {"world": "realizable", "learner": "erm", "n": 2}
ERM_REAL_N3 = {"world": "realizable", "learner": "erm", "n": 3}
ERM_NOISY_N2 = {"world": "noisy", "learner": "erm", "n": 2}

WD_N2 = [GIBBS_N2, ERM_REAL_N2, ERM_NOISY_N2]
WD_N3 = [GIBBS_N3, ERM_REAL_N3]
WD_ALL = WD_N2 + WD_N3
# spec WM-4/6/7: Gibbs worlds at learner inverse temperatures gamma in {0.5, 1, 2, 8}, n in {2, 3}
GAMMA_N2 = [{"world": "noisy", "learner": "gibbs", "gamma": g, "n": 2} for g in (0.5, 1.0, 8.0)]
GAMMA_N3 = [{"world": "noisy", "learner": "gibbs", "gamma": g, "n": 3} for g in (0.5, 1.0, 8.0)]


def random_worlds(n, learners=("gibbs", "erm"), loss=("binary", "real")):
    n = st.just(n) if isinstance(n, int) else n
    return st.fixed_dictionaries({
        "world": st.just("random"), "seed": st.integers(0, 2 ** 31 - 1), "m": st.integers(2, 5),
        "k": st.integers(2, 4), "learner": st.sampled_from(list(learners)),
        "gamma": st.sampled_from([0.5, 1.0, 2.0, 8.0]), "n": n, "loss": st.sampled_from(list(loss)),
        "prior": st.sampled_from(["uniform", "random"])})


def random_realizable_worlds(n):
    n = st.just(n) if isinstance(n, int) else n
    return st.fixed_dictionaries({
        "world": st.just("random_realizable"), "seed": st.integers(0, 2 ** 31 - 1), "m": st.integers(2, 5),
        "k": st.integers(2, 4), "learner": st.sampled_from(["erm", "consistent"]), "n": n})


def tiered(wd_quick, wd_full, random_quick, random_full):
    """Quick tier: n = 2 worlds; full tier: n = 2 and 3."""
    return {"quick": st.one_of(st.sampled_from(wd_quick), random_quick),
            "full": st.one_of(st.sampled_from(wd_full), random_full)}


def is_wd(p) -> bool:
    return p.get("world") in ("noisy", "realizable")


def label(p) -> str:
    if is_wd(p):
        lr = f"Gibbs(gamma={p['gamma']:g})" if p["learner"] == "gibbs" else p["learner"].upper()
        return f"World Wd {p['world']}, {lr}, n={p['n']}"
    return f"{p['world']} world seed={p.get('seed')}, m={p.get('m')}, k={p.get('k')}, {p['learner']}, n={p['n']}"


def bounds_plot(title: str, exact_label: str, exact: float, bounds: dict) -> Plot:
    """One point per bound (x = bound index) against the exact value (a horizontal line)."""
    pl = Plot(title=title, xlabel="bound (index, see legend)", ylabel="value")
    for j, (name, v) in enumerate(bounds.items()):
        pl.add(name, [j], [float(v)], style="scatter")
    pl.add(exact_label, [0, max(len(bounds) - 1, 1)], float(exact), style="hline")
    return pl
