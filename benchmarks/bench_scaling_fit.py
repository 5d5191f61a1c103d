"""Benchmark of the Approach-3 fitter (simulators/scaling_fit).

Measures: fit time with 20 starts; the full 4500-start grid (time, best objective,
gap to the 20-start optimum, fraction of single starts reaching the global optimum);
pair-bootstrap time per draw and the interval of a at the quick (200) and full
(4000) draw counts; optionally (--coverage) the synthetic coverage at full-tier
size (200 replicates x 200 draws).  Writes benchmarks/results/scaling_fit.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_scaling_fit.py [--coverage] [--no-grid]
"""
import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.scaling_laws import _chinchilla_data as chin  # noqa: E402
from simulators.scaling_fit import (HOFFMANN_THETA, ScalingData, chinchilla_like_design, fit_scaling_law,  # noqa: E402
                                    grid_starts, multistart, simulate)


def timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coverage", action="store_true", help="also run the full-size synthetic coverage study")
    ap.add_argument("--no-grid", action="store_true", help="skip the 4500-start grid")
    args = ap.parse_args()
    res = {"machine": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
           "note": "2-core machine shared with other jobs: wall times are inflated by contention; cpu_s is "
                   "process time"}
    if chin.available():
        data, label = chin.load(), "chinchilla replication (240 points)"
        kw = dict(data=data, drop_highest_loss=chin.DROP_HIGHEST)
    else:
        N, D = chinchilla_like_design(9, 12)
        data, label = ScalingData.from_arrays(N, D, simulate(HOFFMANN_THETA, N, D, 0.01, rng=0)), "synthetic"
        kw = dict(data=data)
    res["data"] = label
    f20, w, c = timed(lambda: fit_scaling_law(**kw))
    res["fit_20_starts"] = {"wall_s": w, "cpu_s": c, "objective": f20.objective_value, "grad_inf": f20.grad_inf,
                            "starts_reaching_best": f20.n_start_converged, "params": f20.params}
    if not args.no_grid:
        lN, lD, lL = np.log(data.N[f20.mask]), np.log(data.D[f20.mask]), np.log(data.L[f20.mask])
        (best, allr), w, c = timed(lambda: multistart(lN, lD, lL, grid_starts(), keep_all=True))
        f = np.array([r.fun for r in allr])
        res["grid_4500"] = {"wall_s": w, "cpu_s": c, "objective": best.fun,
                            "gap_20_minus_grid": f20.objective_value - best.fun,
                            "same_optimum_within_1e-8": bool(abs(f20.objective_value - best.fun) <= 1e-8),
                            "fraction_single_starts_at_global": float(np.mean(f - best.fun <= 1e-8)),
                            "speedup_20_vs_grid": w / res["fit_20_starts"]["wall_s"]}
    for draws in (200, 4000):
        fb, w, c = timed(lambda: fit_scaling_law(**kw, bootstrap=draws, seed=chin.BOOT_SEED))
        lo, hi = fb.intervals(0.95)["a_N"]
        lo80, hi80 = fb.intervals(0.80)["a_N"]
        res[f"bootstrap_{draws}"] = {"wall_s": w, "cpu_s": c, "per_draw_ms": 1e3 * (c - res["fit_20_starts"]["cpu_s"])
                                     / draws, "a_N": fb.params["a_N"], "ci95": [lo, hi], "ci80": [lo80, hi80],
                                     "se_a": fb.se("a_N"), "converged_fraction": float(fb.boot_converged.mean())}
    if args.coverage:
        from claims.scaling_laws.synthetic_recovery import coverage
        (hits, ci, a_true, s), w, c = timed(lambda: coverage("full"))
        res["coverage_full"] = {"wall_s": w, "cpu_s": c, "replicates": s["R"], "draws": s["B"],
                                **{f"coverage_{k}": float(v.mean()) for k, v in hits.items()}}
    out = ROOT / "benchmarks" / "results" / "scaling_fit.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1, default=float))
    print(json.dumps(res, indent=1, default=float))


if __name__ == "__main__":
    main()
