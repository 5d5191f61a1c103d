"""The results file: one JSON document per run, versioned schema (docs/results-schema.md).

``run_suite`` is the single orchestration used by the CLI and the pytest plugin
builds the same document from the per-claim results it collected.
"""
from __future__ import annotations

import functools
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

from .jsonutil import write_json_atomic
from .model import Claim
from .registry import Registry
from .runner import RunConfig, run_claim

SCHEMA_VERSION = "1.0"
VERDICTS = ("verified", "refuted", "inconclusive", "error", "skipped")
PACKAGES = ("numpy", "scipy", "sympy", "mpmath", "hypothesis", "cvxpy", "clarabel", "torch",
            "array-api-compat", "python-flint", "jinja2", "matplotlib", "pytest")
REPO = Path(__file__).resolve().parents[2]


def _git(*args) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip()
    except Exception:
        return None


def _versions() -> dict:
    out = {}
    for p in PACKAGES:
        try:
            out[p] = importlib.metadata.version(p)
        except importlib.metadata.PackageNotFoundError:
            out[p] = None
    return out


def _blas() -> str:
    try:
        import numpy as np
        cfg = np.show_config(mode="dicts")
        b = cfg.get("Build Dependencies", {}).get("blas", {})
        return f"{b.get('name', '?')} {b.get('version', '')}".strip()
    except Exception:
        return "unknown"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@functools.cache
def _static_provenance() -> dict:
    from simulators.backend import cuda_available, torch_available
    commit = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain")
    gpu = None
    if cuda_available():
        import torch
        gpu = {"name": torch.cuda.get_device_name(0), "cuda": torch.version.cuda,
               "driver": _nvidia_driver()}
    return {
        "git_commit": commit, "git_dirty": bool(dirty) if dirty is not None else None,
        "python": sys.version.split()[0], "platform": platform.platform(), "packages": _versions(),
        "blas": _blas(), "cpu": _cpu(), "cpu_count": os.cpu_count(), "gpu": gpu,
        "torch_available": torch_available(),
    }


def _nvidia_driver() -> str | None:
    try:
        return subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=10).stdout.strip() or None
    except Exception:
        return None


def provenance(cfg: RunConfig) -> dict:
    from hypothesis import __version__ as hv
    return {**_static_provenance(), "hypothesis": {"version": hv, "profile": cfg.profile, "seed": cfg.seed,
                                                   "derandomized": cfg.to_json()["derandomized"]},
            "run": cfg.to_json()}


def summarize(claims: list[dict]) -> dict:
    counts = {v: 0 for v in VERDICTS}
    fams: dict[str, dict] = {}
    mut = {"declared": 0, "refuted": 0, "survived": 0, "error": 0, "skipped": 0}
    for c in claims:
        counts[c["verdict"]] += 1
        f = fams.setdefault(c["family"], {v: 0 for v in VERDICTS})
        f[c["verdict"]] += 1
        for m in c.get("mutants", []):
            mut["declared"] += 1
            mut[m["status"]] += 1
    return {"counts": counts, "families": fams, "mutants": mut, "claims": len(claims)}


def build_document(claims: list[dict], cfg: RunConfig, load_errors: Iterable = (), started: float | None = None,
                   finished: float | None = None, interrupted: bool = False) -> dict:
    load_errors = [e.to_json() if hasattr(e, "to_json") else e for e in load_errors]
    solvers = sorted({json.dumps({k: v for k, v in d.items() if k != "status"}, sort_keys=True)
                      for c in claims for d in c.get("solvers", [])})
    doc = {
        "schema_version": SCHEMA_VERSION,
        "run": {"started": started, "finished": finished, "wall_time_s":
                None if started is None or finished is None else round(finished - started, 3),
                "interrupted": interrupted},
        "provenance": {**provenance(cfg), "solvers": [json.loads(x) for x in solvers][:50]},
        "summary": summarize(claims),
        "load_errors": load_errors,
        "claims": sorted(claims, key=lambda c: c["id"]),
    }
    doc["ok"] = run_ok(doc)
    return doc


def run_ok(doc: dict) -> bool:
    return not doc["load_errors"] and all(c.get("ok", True) for c in doc["claims"]) and not doc["run"]["interrupted"]


def run_suite(claims: list[Claim], cfg: RunConfig, registry: Registry | None = None,
              results_path: str | os.PathLike | None = None,
              progress: Callable[[str], None] | None = None) -> dict:
    """Run claims (and their mutants); write the results file atomically at the end."""
    started = time.time()
    out = []
    try:
        for i, c in enumerate(claims, 1):
            r = run_claim(c, cfg, results_path=str(results_path) if results_path else None)
            out.append(r)
            if progress:
                progress(progress_line(i, len(claims), r))
    except KeyboardInterrupt:
        if progress:
            progress("interrupted: no results file written")
        raise
    doc = build_document(out, cfg, registry.errors if registry else (), started, time.time())
    if results_path:
        write_json_atomic(results_path, doc)
    return doc


def progress_line(i: int, n: int, r: dict) -> str:
    muts = r.get("mutants", [])
    ref = sum(m["status"] == "refuted" for m in muts)
    flag = "" if r.get("ok", True) else "  <-- FAILS THE RUN"
    exp = f" (expected {r['expect']})" if r.get("expect") == "refuted" else ""
    return (f"[{i:>3}/{n}] {r['verdict']:<12} {r['id']:<60} {r.get('wall_time_s', 0):7.2f}s "
            f"mutants {ref}/{len(muts)} refuted{exp}{flag}")


def load(path: str | os.PathLike) -> dict:
    doc = json.loads(Path(path).read_text())
    validate(doc)
    return doc


def validate(doc: dict) -> None:
    """Check a results document against the schema (docs/results-schema.json)."""
    import jsonschema
    schema = json.loads((Path(__file__).parent / "results-schema.json").read_text())
    jsonschema.validate(doc, schema)
