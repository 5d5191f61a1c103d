"""Benchmarks for the scaling-law engine (not run in CI).

1. Exact SGD risk recursion: wall time vs d on numpy and torch-cpu (torch-cuda when available),
   r steps, one instance; the blocked (Volterra-resolvent) solver vs the plain step loop.
2. Exponent interval width vs number of seeds: seed-bootstrap 95% CI width of the PLRF capacity exponent
   (instances, d in [32, 181], v = 16 d) for 2, 4, 8, 16 seeds.
Writes benchmarks/results/scaling_laws.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_scaling.py [--quick]
"""
from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulators.scaling.fit import loglog_slope, seed_bootstrap          # noqa: E402
from simulators.scaling.model import Spectrum, draw_instance             # noqa: E402
from simulators.scaling.recursion import pad_batch, sgd_risk, sgd_risk_steps   # noqa: E402


def time_recursion(ds, r, backends):
    out = []
    for d in ds:
        inst = draw_instance(Spectrum.plrf(1.0, 0.75, 2 * d), d, 0)
        row = {"d": d, "r": r}
        for name in backends:
            if name == "numpy":
                xp, dev = None, None
            else:
                import array_api_compat.torch as xp
                dev = "cuda" if name == "torch-cuda" else "cpu"
            mu, c0, s2 = pad_batch([inst], xp=xp, device=dev)
            g = 0.5 / float(np.sum(np.asarray(inst.mu)))
            t = time.perf_counter()
            sgd_risk(mu, c0, s2, g, 1.0, r, xp=xp)
            if name == "torch-cuda":
                import torch
                torch.cuda.synchronize()
            row[f"{name}_s"] = time.perf_counter() - t
        if d <= 512:
            t = time.perf_counter()
            sgd_risk_steps(inst.mu, inst.c0, inst.sigma2, g, 1.0, min(r, 20000))
            row["step_loop_s_per_20k_steps"] = time.perf_counter() - t
        out.append(row)
        print(row, flush=True)
    return out


def ci_width_vs_seeds(seed_counts, alpha=1.0, beta=1.5, ds=(32, 45, 64, 91, 128, 181)):
    S = max(seed_counts)
    Y = np.array([[draw_instance(Spectrum.plrf(alpha, beta, 16 * d), d, 1000 * s + d).sigma2 for d in ds]
                  for s in range(S)])
    rows = []
    for k in seed_counts:
        point, reps = seed_bootstrap(Y[:k], lambda y: -loglog_slope(ds, y), n_boot=1000, seed=k)
        lo, hi = np.nanquantile(reps, [0.025, 0.975])
        rows.append({"seeds": k, "exponent": point, "ci_width": float(hi - lo)})
        print(rows[-1], flush=True)
    return rows


def main():
    quick = "--quick" in sys.argv
    backends = ["numpy"]
    try:
        import torch
        backends.append("torch-cpu")
        if torch.cuda.is_available():
            backends.append("torch-cuda")
    except ImportError:
        pass
    ds = (64, 128, 256, 512) if quick else (64, 128, 256, 512, 1024, 2048)
    res = {
        "machine": platform.platform(), "python": platform.python_version(),
        "note": "CPU timings on a shared 2-core machine are inflated by contention",
        "recursion_time_vs_d": time_recursion(ds, 20000 if quick else 60000, backends),
        "exponent_ci_width_vs_seeds": ci_width_vs_seeds((2, 4, 8) if quick else (2, 4, 8, 16)),
    }
    out = Path(__file__).resolve().parent / "results" / "scaling_laws.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=2))
    print("wrote", out)


if __name__ == "__main__":
    main()
