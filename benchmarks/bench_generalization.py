"""Benchmarks for the generalization family (not run in CI).

Measures: exact-enumeration cost of the finite worlds (n = 2, 3), kl-inversion and binomial-tail
accuracy against mpmath (max abs error over a grid incl. extreme arguments), the exact PAC-Bayes
failure probabilities (Maurer, and the two mutants) at n in {8, 30, 100, 1000}, and the bounds on
World Wd.  Writes benchmarks/results/generalization.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_generalization.py
"""
import json
import math
import pathlib
import time

import numpy as np

from simulators.generalization import finite_world as fw
from simulators.generalization.kl import (binom_cdf, binom_cdf_mp, kl_inv, kl_inv_mp,
                                          pac_bayes_failure_probability)

OUT = pathlib.Path(__file__).parent / "results" / "generalization.json"


def bench_worlds():
    rows = []
    for spec in ({"world": "noisy", "learner": "gibbs", "gamma": 2.0, "n": 2},
                 {"world": "noisy", "learner": "gibbs", "gamma": 2.0, "n": 3},
                 {"world": "realizable", "learner": "erm", "n": 2},
                 {"world": "realizable", "learner": "erm", "n": 3},
                 {"world": "noisy", "learner": "erm", "n": 2}):
        t = time.perf_counter()
        r = fw.analyze(*fw.build(spec))
        dt = time.perf_counter() - t
        pz = r["p_supersample"]
        rows.append({**spec, "seconds": dt, "E_gen": r["E_gen"], "E_Lmu": r["E_Lmu"], "E_Ln": r["E_Ln"],
                     "ld_cmi": float(np.mean(np.sqrt(2 * r["I_dL"]))),
                     "ld_cmi_disint": float(np.mean(pz @ np.sqrt(2 * r["Iz_dL"]))),
                     "sz_cmi_bound": math.sqrt(2 * r["CMI_SZ"] / r["n"]),
                     "interp_quantity": float(np.mean(r["I_dL"]) / math.log(2)),
                     "I_WS": r["I_WS"], "I_SKL": r["I_SKL"] if math.isfinite(r["I_SKL"]) else None,
                     "fast_rate": fw.fast_rate_bound(r["E_Ln"], float(np.mean(r["I_L"])))})
    return rows


def bench_kl():
    rng = np.random.default_rng(0)
    cases = [(0.0, 50.0), (0.0, 700.0), (0.0, 1e-30), (0.5, 1e-12), (0.99, 1e-30), (1e-300, 1e-5)]
    cases += [(float(q), float(10 ** e)) for q, e in zip(rng.random(200), rng.uniform(-30, 3, 200))]
    t = time.perf_counter()
    errs = [abs(kl_inv(q, c) - float(kl_inv_mp(q, c))) for q, c in cases]
    dt = time.perf_counter() - t
    t = time.perf_counter()
    n_float = [kl_inv(q, c) for q, c in cases]
    dt_float = time.perf_counter() - t
    berr = []
    for n in (8, 30, 100, 1000):
        for p in (1e-4, 0.01, 0.3, 0.5, 0.97):
            for k in sorted({0, n // 10, n // 2, n - 1}):
                berr.append(abs(binom_cdf(k, n, p) - float(binom_cdf_mp(k, n, p))))
    return {"kl_inv_cases": len(cases), "kl_inv_max_abs_err_vs_mpmath50": max(errs),
            "kl_inv_float_seconds_per_call": dt_float / len(cases), "with_mpmath_seconds": dt,
            "binom_cases": len(berr), "binom_cdf_max_abs_err_vs_mpmath50": max(berr)}


def bench_pac_bayes():
    grid = np.round(np.linspace(0.01, 0.99, 99), 10)
    rows = []
    for n in (8, 30, 100, 1000):
        for name, c in (("maurer", math.log(2 * math.sqrt(n) / 0.05) / n),
                        ("mutant_rhs_over_10", math.log(2 * math.sqrt(n) / 0.05) / n / 10),
                        ("mutant_ln(1/delta)/(2n)", math.log(1 / 0.05) / (2 * n))):
            probs = [pac_bayes_failure_probability(n, float(p), c)["prob"] for p in grid]
            j = int(np.argmax(probs))
            rows.append({"n": n, "bound": name, "delta": 0.05, "max_failure": probs[j], "at_true_risk": float(grid[j])})
    return rows


if __name__ == "__main__":
    t0 = time.perf_counter()
    res = {"worlds": bench_worlds(), "kl_and_binomial": bench_kl(), "pac_bayes_failure": bench_pac_bayes()}
    res["total_seconds"] = time.perf_counter() - t0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=1, default=float))
    print(json.dumps(res, indent=1, default=float))
