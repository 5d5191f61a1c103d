"""A synthetic results document for the report tests (no claim is run).

``make_doc()`` covers every verdict, an expected refutation, unconfirmed tags,
dependencies (incl. one on a claim absent from the run), a counterexample with
precision escalation, a surviving mutant, a simulator error, load errors, every
plot style, TeX that mathtext cannot parse, and more evaluations than the report
lists.  ``make_baseline()`` is an earlier run of the same suite for the diff view.
The tests in this module check that the fixture itself is a valid results document.
"""
from __future__ import annotations

import copy
import math

VERDICTS = ("verified", "refuted", "inconclusive", "error", "skipped")

SOURCE_A = {"title": "Deep lemmas and their theorems", "authors": "A. Author, B. Author", "year": 2020,
            "locator": "Theorem 2", "arxiv": "2002.10553", "venue": "ICML", "link": "https://arxiv.org/abs/2002.10553"}
SOURCE_B = {"title": "Bounds that bend", "authors": "C. Writer", "year": 2022, "locator": "Eq. (12)",
            "arxiv": "2203.01234", "venue": "", "link": "https://arxiv.org/abs/2203.01234"}
SOURCE_C = {"title": "Remembered results", "authors": "D. Person and E. Person", "year": 2019,
            "locator": "main theorem (number unconfirmed)", "arxiv": None, "venue": "NeurIPS", "link": None}


def _q(v, w=0.0, kind="numerical", note=""):
    d = {"value": v, "lo": v - w, "hi": v + w, "kind": kind}
    if note:
        d["note"] = note
    return d


def _ev(i, pred, meas, status="holds", phase="search", pw=1e-9, mw=1e-3, detail=None):
    margin = pred - meas
    return {"instance": {"n": i, "d": 2 + i % 5, "x": [round(0.1 * i, 3), 1.0]}, "status": status, "phase": phase,
            "wall_s": 0.001 * (1 + i % 7), "predicted": _q(pred, pw, "exact" if pw == 0 else "numerical"),
            "measured": _q(meas, mw, note="95% CI"),
            "outcome": {"status": status, "margin": margin, "scaled_margin": margin / max(abs(pred), 1e-12),
                        "detail": detail or f"measured [{meas - mw:.4g}, {meas + mw:.4g}] vs bound {pred:.4g}"},
            "records": {"iterations": 10 + i, "solver_gap": 1e-9}}


def _mutant(name, status="refuted", why="the bound halved", counterexample=None, tried=3):
    m = {"name": name, "why": why, "status": status, "reason": status if status == "refuted" else
         f"not refuted in {tried} instances (holds); the check may be vacuous",
         "instances_tried": tried, "wall_time_s": 0.05, "counterexample": counterexample}
    if status == "skipped":
        m = {"name": name, "why": why, "status": "skipped", "reason": "claim skipped"}
    return m


def _claim(cid, verdict, *, source=SOURCE_A, kind="theorem", statement=None, depends_on=(), expect="verified",
           expect_reason="", provenance="paper", constants=(), evaluations=(), plots=(), mutants=None,
           counterexample=None, error=None, reason=None, tightest=None, solvers=(), tiers=("quick", "full"),
           wall=0.5, ok=None, notes=""):
    family, module, name = cid.split(".")
    unconfirmed = provenance == "unconfirmed" or any(c["tag"] == "unconfirmed" for c in constants)
    mutants = list(mutants) if mutants is not None else [
        _mutant("bound_halved", counterexample={**_ev(1, 0.5, 1.0, "fails"), "encoded": {"n": 1},
                                                "replay": f"python -m claims replay {cid} --mutant \"bound_halved\" "
                                                          "--instance '{\"n\":1}'"})]
    evs = [e for e in evaluations]
    counts = {k: sum(1 for e in evs if e["status"] == k) for k in ("holds", "fails", "undecided", "error")}
    rec = {
        "id": cid, "name": name, "family": family, "module": f"claims.{family}.{module}",
        "file": f"claims/{family}/{module}.py", "kind": kind, "source": dict(source),
        "statement": statement or r"For all $n \ge 1$: $\|f_n - f\|_2 \le C n^{-1/2}$.",
        "assumptions": ["$n \\ge 1$ samples, i.i.d.", "loss is $L$-Lipschitz"],
        "relation": {"type": "AtMost", "describe": "measured <= predicted",
                     "why": "95% Clopper-Pearson interval on the measured side; solver tolerance 1e-8"},
        "constants": [dict(c) for c in constants], "provenance": provenance, "unconfirmed": unconfirmed,
        "depends_on": list(depends_on), "tiers": list(tiers), "backends": ["numpy"], "expect": expect,
        "expect_reason": expect_reason, "notes": notes,
        "mutants": mutants, "tier": "quick", "backend": "numpy",
        "device": {"backend": "numpy", "device": "cpu", "dtype": "float64"},
        "verdict": verdict, "reason": reason or {"verified": f"relation held on all {len(evs)} instances tried",
                                                  "refuted": "relation failed; counterexample kept",
                                                  "inconclusive": "3 of 12 instances undecided",
                                                  "error": "ValueError: simulator diverged",
                                                  "skipped": "gpu tier needs a CUDA device"}[verdict],
        "instances_tried": len(evs), "outcome_counts": counts, "tightest_margin": tightest,
        "evaluations": evs, "counterexample": counterexample, "plots": list(plots), "error": error,
        "budget_exhausted": False, "solvers": list(solvers), "wall_time_s": wall, "overhead_s": 0.01,
    }
    rec["expectation_met"] = (verdict == expect) if verdict in ("verified", "refuted") else None
    if ok is None:
        ok = verdict != "error" and not (verdict in ("verified", "refuted") and verdict != expect) and \
            all(m["status"] in ("refuted", "skipped") for m in mutants)
    rec["ok"] = ok
    return rec


def _plots():
    n = list(range(1, 401))          # more points than the report draws (it thins to 300)
    return [
        {"title": "excess risk vs n (log-log fit)", "xlabel": "$n$", "ylabel": "risk", "logx": True, "logy": True,
         "kind": "xy", "series": [
             {"label": "measured", "x": n[::8], "y": [2.0 / math.sqrt(k) * (1 + 0.05 * math.sin(k)) for k in n[::8]],
              "style": "scatter"},
             {"label": "fit $n^{-1/2}$ (95% band)", "x": n, "y": [2.0 / math.sqrt(k) for k in n],
              "lo": [1.8 / math.sqrt(k) for k in n], "hi": [2.2 / math.sqrt(k) for k in n], "style": "band"},
             {"label": "bound", "x": n, "y": [3.0 / math.sqrt(k) for k in n], "style": "line"},
             {"label": "floor", "y": 0.01, "style": "hline"}]},
        {"title": "bound vs truth with CIs", "xlabel": "width", "ylabel": "value", "logx": False, "logy": False,
         "kind": "xy", "series": [
             {"label": "truth", "x": [1, 2, 3, 4], "y": [1.0, 1.5, 1.8, 2.0], "lo": [0.9, 1.4, 1.7, 1.9],
              "hi": [1.1, 1.6, 1.9, 2.1], "style": "errorbar"}]},
        {"title": "duality gap histogram", "xlabel": "gap", "ylabel": "count", "logx": False, "logy": False,
         "kind": "hist", "series": [{"label": "gaps", "x": [math.sin(k) ** 2 * 1e-6 for k in range(200)],
                                     "style": "hist"}]},
        {"title": "a malformed plot", "series": [{"label": "bad", "x": [1, 2, 3], "y": "oops", "style": "line"}]},
    ]


def make_doc() -> dict:
    many = [_ev(i, 1.0 + 0.1 * i, 0.8 + 0.1 * i - 0.002 * i, phase="example" if i == 0 else "search")
            for i in range(60)]
    claims = [
        _claim("fam_a.paper1.lemma_base", "verified", kind="lemma", evaluations=many, plots=_plots(),
               tightest=0.12, constants=[{"name": "C", "value": 2.0, "tag": "paper", "note": "the constant $C$"},
                                         {"name": "c0", "value": 0.5, "tag": "derived", "note": ""}],
               solvers=[{"name": "CLARABEL", "status": "optimal", "tol": 1e-8}]),
        _claim("fam_a.paper1.lemma_open", "inconclusive", kind="lemma",
               evaluations=[_ev(i, 1.0, 1.0 - 1e-4 * i, "undecided" if i % 4 == 0 else "holds") for i in range(12)],
               reason="3 of 12 instances undecided; first: measured [0.999, 1.001] vs bound 1"),
        _claim("fam_a.paper1.theorem_main", "verified",
               depends_on=["fam_a.paper1.lemma_base", "fam_a.paper1.lemma_open"],
               evaluations=[_ev(i, 2.0 + i, 1.5 + i) for i in range(8)], tightest=0.25),
        _claim("fam_a.paper1.corollary", "verified", kind="corollary", depends_on=["fam_a.paper1.theorem_main"],
               evaluations=[_ev(i, 3.0, 2.0) for i in range(3)], tightest=0.33),
        _claim("fam_a.paper1.clean_lemma", "verified", kind="lemma", evaluations=[_ev(i, 1e-3 * (i + 1), 5e-4 * (i + 1))
                                                                                 for i in range(10)], tightest=0.5),
        _claim("fam_a.paper1.clean_theorem", "verified", depends_on=["fam_a.paper1.clean_lemma"],
               evaluations=[_ev(i, 10.0 * (i + 1), 9.0 * (i + 1)) for i in range(5)], tightest=0.1),
        _claim("fam_b.paper2.bound_refuted", "refuted", source=SOURCE_B,
               evaluations=[_ev(0, 1.0, 0.5), _ev(1, 1.0, 1.5, "fails", mw=1e-6)],
               counterexample={**_ev(1, 1.0, 1.5, "fails", mw=1e-6), "encoded": {"n": 1, "d": 3, "x": [0.1, 1.0]},
                               "replay": "python -m claims replay fam_b.paper2.bound_refuted --instance "
                                         "'{\"n\":1,\"d\":3,\"x\":[0.1,1.0]}'",
                               "escalation": {"done": True, "dps": 50, "reason": "failure confirmed at 50 digits",
                                              "evaluation": _ev(1, 1.0, 1.5, "fails", pw=0, mw=0)}},
               reason="relation failed; counterexample kept (failure confirmed at 50 digits)"),
        _claim("fam_b.paper2.published_precision", "refuted", source=SOURCE_B, expect="refuted",
               expect_reason="the published 3-digit precision is not supported by the authors' own data",
               evaluations=[_ev(0, 0.123, 0.140, "fails")],
               counterexample={**_ev(0, 0.123, 0.140, "fails"), "encoded": {"n": 0},
                               "replay": "python -m claims replay fam_b.paper2.published_precision --instance '{\"n\":0}'",
                               "escalation": {"done": False, "reason": "claim declares no high-precision path"}}),
        _claim("fam_b.paper2.sim_crash", "error", source=SOURCE_B,
               error="ValueError: simulator diverged\nTraceback (most recent call last):\n  File \"sim.py\", line 3, "
                     "in run\n    raise ValueError('simulator diverged')\n"),
        _claim("fam_b.paper2.gpu_scaling", "skipped", source=SOURCE_B, tiers=("gpu",), wall=0.0,
               mutants=[_mutant("exponent_off", "skipped")]),
        _claim("fam_b.paper2.needs_gpu", "verified", source=SOURCE_B, depends_on=["fam_b.paper2.gpu_scaling"],
               evaluations=[_ev(0, 1.0, 0.9)], tightest=0.1),
        _claim("fam_c.paper3.unconfirmed_const", "verified", source=SOURCE_C, provenance="unconfirmed",
               statement="Display math: $$\\sum_{i=1}^n x_i^2 \\le 1$$ and TeX mathtext cannot parse: "
                         "$\\begin{align} a &= b \\end{align}$, with `code` and **bold**.\n\n"
                         "- first item $x \\in \\mathbb{R}^d$\n- second item",
               constants=[{"name": "c_star", "value": 0.7071, "tag": "unconfirmed",
                           "note": "recalled, not confirmed"}],
               evaluations=[_ev(i, 5.0, 4.0) for i in range(4)], tightest=0.2,
               notes="Spec marks the constant UNCONFIRMED."),
        _claim("fam_c.paper3.vacuous", "verified", source=SOURCE_C, depends_on=["fam_z.gone.lemma"],
               mutants=[_mutant("sign_flipped", "survived", tried=20)],
               evaluations=[_ev(i, 1.0, 0.5) for i in range(3)], tightest=0.5),
    ]
    claims.sort(key=lambda c: c["id"])
    load_errors = [
        {"file": "claims/fam_d/broken.py", "field": "import", "message": "ModuleNotFoundError: No module named 'nope'",
         "claim_id": "", "traceback": "Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named 'nope'"},
        {"file": "claims/fam_d/nomutant.py", "field": "mutants",
         "message": "a claim needs at least one mutant (a false variant the harness must refute)",
         "claim_id": "fam_d.nomutant.claim", "traceback": ""},
    ]
    doc = {
        "schema_version": "1.0",
        "run": {"started": 1795440000.0, "finished": 1795440123.5, "wall_time_s": 123.5, "interrupted": False},
        "provenance": {
            "git_commit": "0123456789abcdef0123456789abcdef01234567", "git_dirty": True, "python": "3.11.7",
            "platform": "Linux-x86_64", "packages": {"numpy": "2.4.6", "scipy": "1.17.1", "torch": None},
            "blas": "scipy-openblas 0.3.31", "cpu": "AMD EPYC", "cpu_count": 2, "gpu": None,
            "torch_available": False,
            "hypothesis": {"version": "6.170.15", "profile": "ci", "seed": None, "derandomized": True},
            "run": {"tier": "quick", "backend": "numpy", "profile": "ci", "seed": None, "derandomized": True,
                    "device": "cpu", "dtype": "float64"}},
        "summary": summarize(claims), "load_errors": load_errors, "claims": claims,
    }
    doc["ok"] = not load_errors and all(c["ok"] for c in claims)
    return doc


def summarize(claims: list[dict]) -> dict:
    counts = {v: 0 for v in VERDICTS}
    fams: dict = {}
    mut = {"declared": 0, "refuted": 0, "survived": 0, "error": 0, "skipped": 0}
    for c in claims:
        counts[c["verdict"]] += 1
        fams.setdefault(c["family"], {v: 0 for v in VERDICTS})[c["verdict"]] += 1
        for m in c["mutants"]:
            mut["declared"] += 1
            mut[m["status"]] += 1
    return {"counts": counts, "families": fams, "mutants": mut, "claims": len(claims)}


def make_baseline() -> dict:
    """The same suite one run earlier: bound_refuted and lemma_open were verified
    (now regressions), sim_crash was inconclusive, vacuous's mutant was refuted,
    lemma_base had a larger margin, corollary did not exist, old_claim did."""
    doc = make_doc()
    by = {c["id"]: c for c in doc["claims"]}
    for cid in ("fam_b.paper2.bound_refuted", "fam_a.paper1.lemma_open"):
        by[cid].update(verdict="verified", ok=True, counterexample=None, tightest_margin=0.05)
    by["fam_b.paper2.sim_crash"].update(verdict="inconclusive", ok=True, error=None)
    by["fam_a.paper1.lemma_base"]["tightest_margin"] = 0.3
    by["fam_c.paper3.vacuous"]["mutants"] = [_mutant("sign_flipped", "refuted")]
    by["fam_c.paper3.vacuous"]["ok"] = True
    old = copy.deepcopy(by["fam_a.paper1.clean_lemma"])
    old.update(id="fam_a.paper1.old_claim", name="old_claim")
    claims = [c for c in doc["claims"] if c["id"] != "fam_a.paper1.corollary"] + [old]
    claims.sort(key=lambda c: c["id"])
    doc["claims"] = claims
    doc["summary"] = summarize(claims)
    doc["run"] = {"started": 1795000000.0, "finished": 1795000100.0, "wall_time_s": 100.0, "interrupted": False}
    doc["provenance"]["git_commit"] = "fedcba9876543210fedcba9876543210fedcba98"
    doc["load_errors"] = []
    doc["ok"] = all(c["ok"] for c in claims)
    return doc


# ---------------------------------------------------------------------------
# the fixture itself is a valid results document

def test_fixture_validates_against_the_schema():
    from claims.core.results import validate
    validate(make_doc())
    validate(make_baseline())


def test_fixture_covers_every_verdict():
    doc = make_doc()
    assert {c["verdict"] for c in doc["claims"]} == set(VERDICTS)
    assert any(c["unconfirmed"] for c in doc["claims"])
    assert any(c["counterexample"] for c in doc["claims"])
    assert doc["load_errors"]
