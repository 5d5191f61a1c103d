"""pytest plugin (loaded by the root conftest.py).

``pytest -m claims`` runs every registered claim and each of its mutants as
tests with readable ids, e.g.
``tests/claims/test_claims.py::test_claim[koopman.hashimoto2024.linear_norm]`` and
``...::test_mutant[koopman.hashimoto2024.linear_norm::det_dropped]``, through the
same runner as ``python -m claims run``.  At the end of the session the results
file is written atomically (``--claims-results``, default reports/out/results.json).

Outcome mapping: verified -> pass; refuted -> fail (pass when the claim declares
expect="refuted"); inconclusive -> xfail with the reason (visible, never a pass);
skipped -> skip with the reason; error -> fail with the traceback.  A mutant passes
only when refuted.
"""
from __future__ import annotations

import time

import pytest

_STATE: dict = {"results": {}, "started": None, "cfg": None}


def pytest_addoption(parser):
    g = parser.getgroup("claims")
    g.addoption("--tier", default="quick", choices=["quick", "full", "gpu"], help="claim tier")
    g.addoption("--backend", default="numpy", choices=["numpy", "torch"], help="array backend")
    g.addoption("--claims-results", default="reports/out/results.json", help="results file to write")
    g.addoption("--claims-profile", default=None, choices=["ci", "dev", "thorough"],
                help="hypothesis profile (default: ci when $CI is set, else dev)")
    g.addoption("--claims-seed", type=int, default=None, help="hypothesis seed (non-derandomized profiles)")
    g.addoption("--claims-report", action="store_true", help="also write the HTML/markdown report")


def pytest_configure(config):
    from .runner import RunConfig
    kw = dict(tier=config.getoption("--tier"), backend=config.getoption("--backend"),
              seed=config.getoption("--claims-seed"))
    if config.getoption("--claims-profile"):
        kw["profile"] = config.getoption("--claims-profile")
    _STATE["cfg"] = RunConfig(**kw)
    _STATE["started"] = time.time()


def claim_config():
    return _STATE["cfg"]


def record(result: dict) -> None:
    """Merge one claim's (or one mutant's) result into the session's results."""
    cid = result["id"]
    have = _STATE["results"].get(cid)
    if have is None:
        _STATE["results"][cid] = result
        return
    names = {m["name"] for m in result.get("mutants", [])}
    if result.get("reason") == "mutant-only run":       # merge mutant outcome into the claim record
        have["mutants"] = [m for m in have.get("mutants", []) if m["name"] not in names] + result["mutants"]
    else:
        result["mutants"] = [m for m in have.get("mutants", []) if m["name"] not in names] + result.get("mutants", [])
        _STATE["results"][cid] = result
    from .runner import claim_ok
    _STATE["results"][cid]["ok"] = claim_ok(_STATE["results"][cid])


def pytest_sessionfinish(session, exitstatus):
    if not _STATE["results"] or exitstatus == pytest.ExitCode.INTERRUPTED:
        return
    from pathlib import Path

    from .jsonutil import write_json_atomic
    from .registry import registry
    from .results import build_document
    doc = build_document(list(_STATE["results"].values()), _STATE["cfg"], registry().errors,
                         _STATE["started"], time.time())
    path = Path(session.config.getoption("--claims-results"))
    write_json_atomic(path, doc)
    if session.config.getoption("--claims-report"):
        from reports import render
        render.write_all(doc, path.parent)
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None:
        s = doc["summary"]
        tr.write_line(f"claims results: {path} ({', '.join(f'{k} {v}' for k, v in s['counts'].items())}; "
                      f"mutants refuted {s['mutants']['refuted']}/{s['mutants']['declared']})")


def check_claim_result(res: dict) -> None:
    """Turn a claim result into a pytest outcome."""
    v = res["verdict"]
    if v == "skipped":
        pytest.skip(res["reason"])
    if v == "error":
        pytest.fail(f"{res['id']}: error\n{res.get('error') or res['reason']}", pytrace=False)
    if res["expect"] == "refuted":
        if v == "verified":
            pytest.fail(f"{res['id']}: expected refuted ({res['expect_reason']}) but came out verified",
                        pytrace=False)
        if v == "inconclusive":
            pytest.xfail(f"inconclusive (expected refuted): {res['reason']}")
        return
    if v == "refuted":
        ce = res.get("counterexample") or {}
        pytest.fail(f"{res['id']}: REFUTED\ncounterexample: {ce.get('instance')}\n"
                    f"outcome: {(ce.get('outcome') or {}).get('detail')}\nreplay: {ce.get('replay')}", pytrace=False)
    if v == "inconclusive":
        pytest.xfail(f"inconclusive: {res['reason']}")


def check_mutant_result(res: dict) -> None:
    m = res["mutants"][0]
    if m["status"] == "skipped":
        pytest.skip(m["reason"])
    if m["status"] != "refuted":
        pytest.fail(f"{res['id']} mutant {m['name']!r} {m['status']}: {m['reason']}\n"
                    f"{m.get('error') or ''}", pytrace=False)
