"""Harness overhead and quick-tier wall time.

    python benchmarks/bench_harness.py [--tier quick] [--family F]

Runs the suite once through the same runner as CI and writes
benchmarks/results/harness_<tier>.json: total wall time, per-claim wall time and
harness overhead (time spent outside predict/measure, i.e. hypothesis, relations,
bookkeeping), per family totals.  Targets (issue 2): overhead per claim < 0.5 s,
whole quick tier < 5 minutes on 2 cores.
"""
import argparse
import json
import os
import platform
import time
from pathlib import Path

from claims.core.registry import registry
from claims.core.results import run_suite
from claims.core.runner import RunConfig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tier", default="quick")
    ap.add_argument("--backend", default="numpy")
    ap.add_argument("--family")
    args = ap.parse_args()
    reg = registry()
    claims = reg.select(family=args.family)
    cfg = RunConfig(tier=args.tier, backend=args.backend, profile="ci")
    t0 = time.perf_counter()
    doc = run_suite(claims, cfg, reg, None)
    wall = time.perf_counter() - t0
    per = [{"id": c["id"], "verdict": c["verdict"], "wall_time_s": c["wall_time_s"],
            "overhead_s": c.get("overhead_s", 0.0), "instances": c["instances_tried"]} for c in doc["claims"]]
    fams = {}
    for c in doc["claims"]:
        fams[c["family"]] = round(fams.get(c["family"], 0.0) + c["wall_time_s"], 3)
    over = sorted(p["overhead_s"] for p in per)
    out = {
        "tier": args.tier, "backend": args.backend, "claims": len(per), "total_wall_s": round(wall, 2),
        "family_wall_s": fams, "overhead_s": {"max": over[-1] if over else None,
                                              "median": over[len(over) // 2] if over else None},
        "cpu": doc["provenance"]["cpu"], "cpu_count": os.cpu_count(), "python": platform.python_version(),
        "git_commit": doc["provenance"]["git_commit"], "per_claim": per,
    }
    path = Path(__file__).parent / "results" / f"harness_{args.tier}_{args.backend}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(out, indent=1))
    print(json.dumps({k: v for k, v in out.items() if k != "per_claim"}, indent=1))


if __name__ == "__main__":
    main()
