"""Verdict logic, shrinking, replay, precision escalation, bad input, expectations."""
import json

import numpy as np
import pytest

from claims.core import AtMost, Claim, Equal, Mutant, Quantity, Source, st
from claims.core.jsonutil import decode_instance
from claims.core.runner import RunConfig, Variant, claim_ok, evaluate, run_claim

SRC = Source(title="Toy", authors="Nobody", year=2024, locator="Lemma 1")
CFG = RunConfig(profile="ci")
N = st.fixed_dictionaries({"n": st.integers(1, 1000)})


def make(name="toy", **kw):
    base = dict(name=name, source=SRC, statement="toy", params=N,
                predict=lambda p: Quantity.exact(p["n"]), measure=lambda p: Quantity.exact(p["n"] - 1),
                relation=AtMost(why="exact"),
                mutants=[Mutant("shifted", "bound lowered by 2", predict=lambda p: Quantity.exact(p["n"] - 2))])
    base.update(kw)
    c = Claim(**base)
    c.id = f"toy.unit.{name}"
    assert not c.validate(), c.validate()
    return c


def test_verified_claim_with_refuted_mutant():
    r = run_claim(make(), CFG)
    assert r["verdict"] == "verified" and r["ok"]
    assert r["instances_tried"] >= 5
    assert r["mutants"][0]["status"] == "refuted"
    assert r["tightest_margin"] is not None and r["tightest_margin"] > 0


def test_refuted_claim_keeps_shrunk_counterexample_and_replays():
    c = make(measure=lambda p: Quantity.exact(p["n"] + (5 if p["n"] >= 17 else -1)))
    r = run_claim(c, CFG)
    assert r["verdict"] == "refuted" and not r["ok"]
    ce = r["counterexample"]
    assert decode_instance(ce["encoded"]) == {"n": 17}          # hypothesis shrank to the boundary
    assert "python -m claims replay toy.unit.toy --instance" in ce["replay"]
    inst = decode_instance(json.loads(ce["replay"].split("--instance ", 1)[1].strip("'")))
    assert evaluate(Variant.of(c, "quick"), inst, CFG).status == "fails"


def test_undecided_is_inconclusive_never_verified():
    c = make(measure=lambda p: Quantity.pm(p["n"], 0.5))
    r = run_claim(c, CFG)
    assert r["verdict"] == "inconclusive" and r["ok"]


def test_solver_not_optimal_is_inconclusive():
    c = make(measure=lambda p: Quantity.unsettled("CLARABEL status 'max_iterations'"))
    r = run_claim(c, CFG)
    assert r["verdict"] == "inconclusive" and "max_iterations" in r["reason"]


def test_simulator_that_raises_gives_error_with_traceback():
    def boom(p):
        raise np.linalg.LinAlgError("singular matrix")
    r = run_claim(make(measure=boom), CFG)
    assert r["verdict"] == "error" and not r["ok"]
    assert "LinAlgError" in r["error"] and "Traceback" in r["error"]


def test_bare_float_is_an_error_naming_quantity():
    r = run_claim(make(measure=lambda p: 1.0), CFG)
    assert r["verdict"] == "error" and "must return a Quantity" in r["reason"]


def test_parameter_space_violating_assumptions_is_an_error():
    c = make(assume=lambda p: p["n"] <= 500 or "n <= 500 (Theorem 1 needs small n)")
    r = run_claim(c, CFG)
    assert r["verdict"] == "error"
    assert "violating the assumptions" in r["reason"] and "n <= 500" in r["reason"]


def test_surviving_mutant_fails_the_run():
    c = make(mutants=[Mutant("harmless", "not actually false", predict=lambda p: Quantity.exact(p["n"] + 1))])
    r = run_claim(c, CFG)
    assert r["verdict"] == "verified"
    assert r["mutants"][0]["status"] == "survived" and "vacuous" in r["mutants"][0]["reason"]
    assert not r["ok"]


def test_expected_refutation_passes_and_unexpected_verification_fails():
    refuted = make(measure=lambda p: Quantity.exact(p["n"] + 1), expect="refuted", expect_reason="known false")
    r = run_claim(refuted, CFG)
    assert r["verdict"] == "refuted" and r["expectation_met"] and r["ok"]
    holds = make(expect="refuted", expect_reason="we thought it false")
    r = run_claim(holds, CFG)
    assert r["verdict"] == "verified" and r["expectation_met"] is False and not r["ok"]


def test_gpu_tier_skipped_with_reason_without_cuda():
    from simulators.backend import cuda_available
    if cuda_available():
        pytest.skip("a CUDA device is present")
    r = run_claim(make(tiers=("quick", "gpu")), RunConfig(tier="gpu", profile="ci"))
    assert r["verdict"] == "skipped" and "CUDA" in r["reason"] and claim_ok(r)


def test_tier_not_defined_is_skipped():
    r = run_claim(make(tiers=("quick",)), RunConfig(tier="full", profile="ci"))
    assert r["verdict"] == "skipped" and "no 'full' tier" in r["reason"]


def test_explicit_example_is_tried_first():
    c = make(params=None, examples=[{"n": 3}])
    r = run_claim(c, CFG)
    assert r["instances_tried"] == 1 and r["evaluations"][0]["phase"] == "example"


def test_precision_escalation_float64_trap():
    """np.linalg.norm([3.7e-300]) underflows to 0: Cauchy-Schwarz looks false in float64."""
    import textbook
    assert np.linalg.norm([3.7e-300]) == 0.0            # the trap is real on this platform
    c = textbook.float64_trap
    c.id = "textbook.demo.float64_trap"
    r = run_claim(c, CFG)
    assert r["verdict"] == "inconclusive"
    assert "vanished at 50 digits" in r["reason"]
    esc = r["counterexample"]["escalation"]
    assert esc["done"] and esc["evaluation"]["status"] == "holds"


def test_escalation_confirms_a_real_failure():
    import mpmath
    c = make(params=None, examples=[{"n": 1}], high_precision=True,
             predict=lambda p, ctx: Quantity.exact(mpmath.mpf(1) / 3 if ctx.high_precision else 1 / 3),
             measure=lambda p, ctx: Quantity.exact(0.5))
    r = run_claim(c, CFG)
    assert r["verdict"] == "refuted" and "confirmed at 50 digits" in r["reason"]


def test_escalation_can_catch_wrong_float_in_both_directions():
    """A comparison that holds in float64 is not re-checked (only refutations escalate)."""
    c = make(params=None, examples=[{"n": 1}], high_precision=True,
             predict=lambda p, ctx: Quantity.exact(1.0), measure=lambda p, ctx: Quantity.exact(1.0))
    r = run_claim(c, CFG)
    assert r["verdict"] == "verified" and r["counterexample"] is None


def test_budget_stops_search_and_is_reported():
    import time
    def slow(p):
        time.sleep(0.05)
        return Quantity.exact(p["n"] - 1)
    c = make(measure=slow, budget_s=0.2, max_examples=200)
    r = run_claim(c, CFG)
    assert r["verdict"] == "verified" and r["budget_exhausted"] and r["instances_tried"] < 20


def test_cauchy_schwarz_worked_claim_end_to_end(tmp_path):
    """The textbook claim through run_suite -> results file -> schema -> replay of its mutant."""
    import textbook
    from claims.core.registry import Registry
    from claims.core.results import load, run_suite
    c = textbook.cauchy_schwarz
    c.id = "textbook.demo.cauchy_schwarz"
    out = tmp_path / "results.json"
    lines = []
    doc = run_suite([c], CFG, Registry(), out, progress=lines.append)
    assert out.exists() and load(out)["claims"][0]["verdict"] == "verified"
    assert doc["ok"] and "verified" in lines[0]
    mut = doc["claims"][0]["mutants"][0]
    assert mut["status"] == "refuted"
    inst = decode_instance(mut["counterexample"]["encoded"])
    v = Variant.of(c, "quick", c.mutants[0])
    assert evaluate(v, inst, CFG).status == "fails"
    assert evaluate(Variant.of(c, "quick"), inst, CFG).status == "holds"
