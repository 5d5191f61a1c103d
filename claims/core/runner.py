"""The one runner behind ``pytest -m claims`` and ``python -m claims run``.

For a claim and a (tier, backend):
  explicit examples first, then hypothesis draws instances from the parameter
  space, ``target()`` pushes towards the smallest margin, every instance is
  predicted, measured and related; the first failing instance is shrunk, then
  re-evaluated at high precision before the claim is called refuted.
For each mutant the same search runs until the mutant is refuted; a mutant that
survives means the check is vacuous, and the run fails.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, given, settings, target
from hypothesis.errors import UnsatisfiedAssumption

from .jsonutil import encode_instance, summarize_instance, to_jsonable
from .model import Claim, Context, Mutant, call
from .quantity import as_quantity
from .relations import Outcome, Status

MAX_RECORDS = 60
MAX_PLOTS = 12          # evidence plots kept per claim (solver records are always kept)
SHRINK_EVALS = {"quick": 30, "full": 150, "gpu": 150}
HIGH_DPS = 50

PROFILES = {
    # name: (derandomize, use database, print_blob, examples multiplier)
    "ci": dict(derandomize=True, database=False, print_blob=True, multiplier=1.0),
    "dev": dict(derandomize=False, database=False, print_blob=True, multiplier=1.0),
    "thorough": dict(derandomize=False, database=False, print_blob=True, multiplier=5.0),
}


def default_profile() -> str:
    return os.environ.get("CLAIMS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")


@dataclass
class RunConfig:
    tier: str = "quick"
    backend: str = "numpy"
    profile: str = field(default_factory=default_profile)
    seed: int | None = None         # hypothesis seed when not derandomized
    device: str = "cpu"
    dtype: str = "float64"

    def __post_init__(self):
        if self.profile not in PROFILES:
            raise ValueError(f"unknown hypothesis profile {self.profile!r}; known: {list(PROFILES)}")
        if self.seed is None and not PROFILES[self.profile]["derandomize"]:
            self.seed = int.from_bytes(os.urandom(4), "little")
        if self.backend == "torch" and self.tier == "gpu":
            self.device = "cuda"

    def to_json(self):
        return {"tier": self.tier, "backend": self.backend, "profile": self.profile,
                "seed": self.seed, "derandomized": PROFILES[self.profile]["derandomize"],
                "device": self.device, "dtype": self.dtype}


class _Failed(Exception):
    """Raised inside the hypothesis test when the relation fails on an instance."""


class _AssumptionBroken(Exception):
    pass


@dataclass
class Variant:
    """What one search evaluates: a claim, or a claim with a mutant's replacements."""
    claim: Claim
    predict: Callable
    measure: Callable
    relation: Any
    params: Any
    assume: Callable | None
    examples: list
    n_examples: int

    @classmethod
    def of(cls, claim: Claim, tier: str, mutant: Mutant | None = None) -> "Variant":
        if mutant is None:
            return cls(claim, claim.predict, claim.measure, claim.relation, claim.strategy_for(tier),
                       claim.assume, list(claim.examples), claim.examples_for(tier))
        params = claim.strategy_for(tier, mutant.params) if mutant.params is not None else claim.strategy_for(tier)
        assume = mutant.assume if mutant.assume is not None else (claim.assume if mutant.params is None else None)
        examples = list(mutant.examples) if mutant.examples is not None else list(claim.examples)
        n = claim.examples_for(tier, mutant.max_examples) if mutant.max_examples is not None \
            else max(claim.examples_for(tier), 20)
        return cls(claim, mutant.predict or claim.predict, mutant.measure or claim.measure,
                   mutant.relation or claim.relation, params, assume, examples, n)


def instance_key(p) -> str:
    blob = json.dumps(encode_instance(p), sort_keys=True, default=repr)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Evaluation:
    instance: Any
    predicted: Any = None
    measured: Any = None
    outcome: Outcome | None = None
    error: str = ""
    wall_s: float = 0.0
    records: dict = field(default_factory=dict)
    phase: str = "search"

    @property
    def status(self) -> str:
        return "error" if self.error else self.outcome.status.value

    def to_json(self, full: bool = False) -> dict:
        d = {"instance": summarize_instance(self.instance), "status": self.status, "phase": self.phase,
             "wall_s": round(self.wall_s, 6)}
        if full:
            d["encoded"] = encode_instance(self.instance)
        if self.predicted is not None:
            d["predicted"] = self.predicted.to_json()
        if self.measured is not None:
            d["measured"] = self.measured.to_json()
        if self.outcome is not None:
            d["outcome"] = self.outcome.to_json()
        if self.records:
            d["records"] = to_jsonable(self.records)
        if self.error:
            d["error"] = self.error
        return d


def evaluate(variant: Variant, p, cfg: RunConfig, *, precision: str = "float64", sink=None) -> Evaluation:
    """Predict, measure and relate one instance.  Never raises for simulator errors."""
    seed = int(instance_key(p)[:8], 16)
    ctx = Context(tier=cfg.tier, backend=cfg.backend, precision=precision,
                  dps=HIGH_DPS if precision == "high" else 15, seed=seed, device=cfg.device, dtype=cfg.dtype)
    ev = Evaluation(p, phase="escalated" if precision == "high" else "search")
    t0 = time.perf_counter()
    try:
        if precision == "high":
            import mpmath
            with mpmath.workdps(HIGH_DPS):
                ev.predicted = as_quantity(call(variant.predict, p, ctx), "predict")
                ev.measured = as_quantity(call(variant.measure, p, ctx), "measure")
        else:
            ev.predicted = as_quantity(call(variant.predict, p, ctx), "predict")
            ev.measured = as_quantity(call(variant.measure, p, ctx), "measure")
        ev.outcome = variant.relation.evaluate(ev.measured, ev.predicted)
    except (UnsatisfiedAssumption, KeyboardInterrupt):
        raise
    except Exception as e:
        ev.error = f"{type(e).__name__}: {e}\n" + traceback.format_exc(limit=12)
    ev.wall_s = time.perf_counter() - t0
    ev.records = ctx.records
    if sink is not None:
        sink["plots"].extend(ctx.plots[:max(0, MAX_PLOTS - len(sink["plots"]))])
        sink["solvers"].extend(ctx.solvers)
    return ev


def _check_assumptions(variant: Variant, p) -> str | None:
    if variant.assume is None:
        return None
    try:
        ok = variant.assume(p)
    except Exception as e:
        return f"assume() raised {type(e).__name__}: {e}"
    if ok is None or ok is True:
        return None
    return ok if isinstance(ok, str) else "assume() returned False"


@dataclass
class Search:
    status: str = "holds"                 # holds / fails / undecided / error / empty
    evaluations: list = field(default_factory=list)
    tried: int = 0
    failing: Evaluation | None = None
    escalation: dict | None = None
    error: str = ""
    reason: str = ""
    plots: list = field(default_factory=list)
    solvers: list = field(default_factory=list)
    compute_s: float = 0.0
    budget_exhausted: bool = False
    hypothesis_log: list = field(default_factory=list)     # falsifying-example report and blob


def search(variant: Variant, cfg: RunConfig, budget_s: float, label: str) -> Search:
    """Look for an instance on which the relation fails; keep the shrunk one."""
    out = Search()
    sink = {"plots": out.plots, "solvers": out.solvers}
    deadline = time.perf_counter() + budget_s
    seen: dict[str, Evaluation] = {}
    state = {"after_fail": 0, "last_raised": None}

    def run_one(p, phase: str) -> Evaluation:
        key = instance_key(p)
        if key in seen:
            return seen[key]
        broken = _check_assumptions(variant, p)
        if broken:
            raise _AssumptionBroken(f"parameter space drew an instance violating the assumptions: {broken}; "
                                    f"instance {summarize_instance(p)}")
        ev = evaluate(variant, p, cfg, sink=sink)
        ev.phase = phase
        seen[key] = ev
        out.tried += 1
        out.compute_s += ev.wall_s
        if len(out.evaluations) < MAX_RECORDS:
            out.evaluations.append(ev)
        return ev

    # 1. explicit examples (the paper's instance); a claim with neither examples nor a parameter
    #    space is one deterministic computation, run once on the empty instance
    strategy = variant.params
    explicit = list(variant.examples) or ([{}] if strategy is None else [])
    for p in explicit:
        try:
            ev = run_one(p, "example")
        except UnsatisfiedAssumption:
            continue
        except _AssumptionBroken as e:
            out.status, out.error = "error", str(e)
            return out
        if ev.error:
            out.status, out.error, out.failing = "error", ev.error, ev
            return out
        if ev.outcome.status is Status.FAILS:
            out.failing = ev
            break

    # 2. hypothesis search
    if out.failing is None and strategy is not None:
        shrink_cap = SHRINK_EVALS.get(cfg.tier, 50)

        def test(p):
            key = instance_key(p)
            if key not in seen:
                if time.perf_counter() > deadline:
                    out.budget_exhausted = True
                    return
                if state["after_fail"] and state["after_fail"] > shrink_cap:
                    return
            ev = run_one(p, "search")
            if state["after_fail"]:
                state["after_fail"] += 1
            if ev.error:
                state["last_raised"] = ev
                state["after_fail"] = state["after_fail"] or 1
                raise RuntimeError(ev.error)
            m = ev.outcome.scaled_margin
            if m is not None and math.isfinite(m):
                target(float(max(-1e6, min(1e6, -m))), label="violation")
            if ev.outcome.status is Status.FAILS:
                state["last_raised"] = ev
                state["after_fail"] = state["after_fail"] or 1
                raise _Failed()

        prof = PROFILES[cfg.profile]
        s = settings(
            max_examples=max(1, int(round(variant.n_examples * prof["multiplier"]))),
            derandomize=prof["derandomize"], database=None, print_blob=prof["print_blob"],
            deadline=None, suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
            phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
        )
        test.__name__ = "claim_" + "".join(ch if ch.isalnum() else "_" for ch in label)
        wrapped = settings(s)(given(p=strategy)(test))
        wrapped._hypothesis_internal_add_digest = label.encode()
        if cfg.seed is not None and not prof["derandomize"]:
            from hypothesis import seed as hseed
            wrapped = hseed(cfg.seed)(wrapped)
        from hypothesis.reporting import with_reporter
        try:
            with with_reporter(lambda msg: out.hypothesis_log.append(str(msg))):
                wrapped()
        except _Failed as e:
            out.failing = state["last_raised"]
            out.hypothesis_log.extend(getattr(e, "__notes__", []))
        except _AssumptionBroken as e:
            out.status, out.error = "error", str(e)
            return out
        except RuntimeError:
            ev = state["last_raised"]
            if ev is not None and ev.error:
                out.status, out.error, out.failing = "error", ev.error, ev
                return out
            raise
        except Exception as e:  # hypothesis itself complained (e.g. Unsatisfiable)
            out.status, out.error = "error", f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
            return out

    if out.failing is not None:
        out.status = "fails"
        _escalate(variant, cfg, out)
        return out
    statuses = [ev.outcome.status for ev in seen.values() if ev.outcome is not None]
    if not statuses:
        out.status, out.reason = "empty", "no instance was evaluated (time budget or assumptions)"
    elif Status.UNDECIDED in statuses:
        und = [ev for ev in seen.values() if ev.outcome is not None and ev.outcome.status is Status.UNDECIDED]
        out.status = "undecided"
        out.reason = f"{len(und)} of {len(statuses)} instances undecided; first: {und[0].outcome.detail}"
        if und[0] not in out.evaluations:
            out.evaluations.append(und[0])
    else:
        out.status = "holds"
    return out


def _escalate(variant: Variant, cfg: RunConfig, out: Search) -> None:
    """Re-evaluate the failing instance at high precision before calling it refuted."""
    ev = out.failing
    if ev not in out.evaluations:
        out.evaluations.append(ev)
    if not variant.claim.high_precision:
        out.escalation = {"done": False, "reason": "claim declares no high-precision path; the refutation "
                          "rests on the stated uncertainty intervals"}
        return
    hp = evaluate(variant, ev.instance, cfg, precision="high")
    out.escalation = {"done": True, "dps": HIGH_DPS, "evaluation": hp.to_json()}
    if hp.error:
        out.escalation["reason"] = "high-precision re-evaluation raised; float64 refutation kept"
        return
    if hp.outcome.status is Status.FAILS:
        out.escalation["reason"] = f"failure confirmed at {HIGH_DPS} digits"
        return
    out.status = "vanished"
    out.reason = (f"the float64 failure vanished at {HIGH_DPS} digits (high precision: "
                  f"{hp.outcome.status.value}, {hp.outcome.detail}); float64 artefact")
    out.escalation["reason"] = out.reason


# ---------------------------------------------------------------------------
# claim-level verdicts

VERDICT_OF = {"holds": "verified", "fails": "refuted", "vanished": "inconclusive",
              "undecided": "inconclusive", "empty": "inconclusive", "error": "error"}


def skip_reason(claim: Claim, cfg: RunConfig) -> str:
    if claim.skip_reason:
        return claim.skip_reason
    if cfg.tier not in claim.tiers:
        return f"claim defines no {cfg.tier!r} tier (tiers: {', '.join(claim.tiers)})"
    if cfg.backend not in claim.backends:
        return f"claim's simulators do not support backend {cfg.backend!r} (supported: {', '.join(claim.backends)})"
    if cfg.backend == "torch":
        from simulators.backend import torch_available
        if not torch_available():
            return "backend 'torch' requested but torch is not installed (pip install -e '.[gpu]')"
    if cfg.tier == "gpu":
        from simulators.backend import cuda_available
        if not cuda_available():
            return "gpu tier needs a CUDA device; none is present on this machine"
    return ""


def _solvers(searches) -> list:
    seen, out = set(), []
    for s in searches:
        for d in s.solvers:
            key = json.dumps(to_jsonable(d), sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(to_jsonable(d))
    return out[:20]


def replay_command(claim_id: str, mutant: str | None, ev: Evaluation, results_path: str | None) -> str:
    where = f" --mutant {json.dumps(mutant)}" if mutant else ""
    inline = json.dumps(encode_instance(ev.instance), separators=(",", ":"))
    if len(inline) <= 400:
        return f"python -m claims replay {claim_id}{where} --instance '{inline}'"
    return f"python -m claims replay {claim_id}{where} --results {results_path or 'reports/out/results.json'}"


def _counterexample(claim_id, mutant, s: Search, results_path) -> dict | None:
    if s.failing is None:
        return None
    d = s.failing.to_json(full=True)
    d["replay"] = replay_command(claim_id, mutant, s.failing, results_path)
    if s.hypothesis_log:
        d["hypothesis_report"] = "\n".join(s.hypothesis_log)[:4000]
    if s.escalation is not None:
        d["escalation"] = s.escalation
    return d


def run_mutant(claim: Claim, mutant: Mutant, cfg: RunConfig, results_path: str | None = None) -> dict:
    base = {"name": mutant.name, "why": mutant.why}
    tiers = mutant.tiers or claim.tiers
    if mutant.skip_reason or cfg.tier not in tiers:
        return {**base, "status": "skipped",
                "reason": mutant.skip_reason or f"mutant runs in tiers {', '.join(tiers)} only"}
    t0 = time.perf_counter()
    variant = Variant.of(claim, cfg.tier, mutant)
    s = search(variant, cfg, claim.budget_for(cfg.tier), f"{claim.id}::{mutant.name}")
    status = {"fails": "refuted", "error": "error"}.get(s.status, "survived")
    reason = {"refuted": "refuted", "error": (s.error.splitlines() or [""])[0],
              "survived": f"not refuted in {s.tried} instances ({s.status}{': ' + s.reason if s.reason else ''}); "
                          "the check may be vacuous"}[status]
    out = {**base, "status": status, "reason": reason, "instances_tried": s.tried,
           "wall_time_s": round(time.perf_counter() - t0, 4),
           "counterexample": _counterexample(claim.id, mutant.name, s, results_path)}
    if s.error:
        out["error"] = s.error
    return out


def run_claim(claim: Claim, cfg: RunConfig, mutants: bool = True, results_path: str | None = None,
              only_mutant: str | None = None) -> dict:
    from simulators.backend import device_info
    t0 = time.perf_counter()
    res = {**claim.describe(), "tier": cfg.tier, "backend": cfg.backend,
           "device": device_info(cfg.backend, cfg.device, cfg.dtype)}
    why_skip = skip_reason(claim, cfg)
    if why_skip:
        res.update(verdict="skipped", reason=why_skip, instances_tried=0, wall_time_s=0.0, overhead_s=0.0,
                   mutants=[{"name": m.name, "why": m.why, "status": "skipped", "reason": "claim skipped"}
                            for m in claim.mutants],
                   expectation_met=None, ok=True, evaluations=[], plots=[], solvers=[], counterexample=None,
                   tightest_margin=None)
        return res
    searches = []
    if only_mutant is None:
        s = search(Variant.of(claim, cfg.tier), cfg, claim.budget_for(cfg.tier), claim.id)
        searches.append(s)
        verdict = VERDICT_OF[s.status]
        reason = {"verified": f"relation held on all {s.tried} instances tried",
                  "refuted": "relation failed; counterexample kept" + (
                      f" ({s.escalation['reason']})" if s.escalation and s.escalation.get("reason") else ""),
                  "error": (s.error.splitlines() or ["error"])[0]}.get(verdict, s.reason)
        if s.budget_exhausted:
            reason += f" (time budget {claim.budget_for(cfg.tier):g}s reached)"
        holds = [e.outcome.scaled_margin for e in s.evaluations
                 if e.outcome is not None and e.outcome.status is Status.HOLDS
                 and e.outcome.scaled_margin is not None and math.isfinite(e.outcome.scaled_margin)]
        counts = {k: sum(1 for e in s.evaluations if e.status == k) for k in ("holds", "fails", "undecided", "error")}
        res.update(verdict=verdict, reason=reason, instances_tried=s.tried, outcome_counts=counts,
                   tightest_margin=min(holds) if holds else None,
                   evaluations=[e.to_json() for e in s.evaluations],
                   counterexample=_counterexample(claim.id, None, s, results_path),
                   plots=[p.to_json() for p in s.plots], error=s.error or None,
                   budget_exhausted=s.budget_exhausted)
        compute = s.compute_s
    else:
        res.update(verdict="skipped", reason="mutant-only run", instances_tried=0, evaluations=[],
                   counterexample=None, plots=[], tightest_margin=None)
        compute = 0.0
    res["mutants"] = []
    if mutants:
        for m in claim.mutants:
            if only_mutant is not None and m.name != only_mutant:
                continue
            res["mutants"].append(run_mutant(claim, m, cfg, results_path))
    res["solvers"] = _solvers(searches)
    wall = time.perf_counter() - t0
    res["wall_time_s"] = round(wall, 4)
    mut_wall = sum(m.get("wall_time_s", 0.0) for m in res["mutants"])
    res["overhead_s"] = round(max(0.0, wall - mut_wall - compute), 4)
    res["expectation_met"] = (res["verdict"] == claim.expect) if res["verdict"] in ("verified", "refuted") else None
    res["ok"] = claim_ok(res)
    return res


def claim_ok(res: dict) -> bool:
    """Does this claim result let the run pass?"""
    if res["verdict"] == "error":
        return False
    if res["verdict"] in ("verified", "refuted") and res["verdict"] != res.get("expect", "verified"):
        return False
    return all(m["status"] in ("refuted", "skipped") for m in res.get("mutants", []))
