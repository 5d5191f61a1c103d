"""Benchmarks for the duality family (not run in CI).

Measures: CLARABEL solve times of the nuclear-norm primal/dual pair vs size; L-BFGS multi-start
time and success rate (fraction of restarts within 1e-9 of the closed form) for the PD-3 weight-decay
problem vs depth; penalty-method bias vs mu for L-1; the PD-1 gap P - D vs depth on X = Y = I_K.
Writes benchmarks/results/duality.json.

    OMP_NUM_THREADS=1 python benchmarks/bench_duality.py [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np

from simulators.duality import (decoupled_optimum, min_norm_factorisation, nuclear, nuclear_dual, nuclear_primal,
                                schatten, weight_decay_fit)


def bench_conic(sizes, reps):
    out = []
    for k in sizes:
        rng = np.random.default_rng(k)
        tp, td, err = [], [], []
        for _ in range(reps):
            Y = rng.standard_normal((k, k))
            t = time.perf_counter(); pr = nuclear_primal(np.eye(k), Y); tp.append(time.perf_counter() - t)
            t = time.perf_counter(); du = nuclear_dual(np.eye(k), Y); td.append(time.perf_counter() - t)
            err.append(max(abs(pr["value"] - nuclear(Y)), abs(du["feasible_value"] - nuclear(Y))))
        out.append(dict(K=k, primal_s=float(np.median(tp)), dual_s=float(np.median(td)), max_abs_err=float(max(err))))
    return out


def bench_weight_decay(depths, restarts):
    out = []
    Y, beta = np.diag([2.0, 1.0, 0.5]), 0.2
    for L in depths:
        t = time.perf_counter()
        r = weight_decay_fit(Y, L, beta, restarts=restarts, rng=np.random.default_rng(L))
        dt = time.perf_counter() - t
        v, _ = decoupled_optimum([2.0, 1.0, 0.5], L, beta)
        vals = np.asarray(r["values"])
        out.append(dict(L=L, restarts=restarts, seconds_per_restart=dt / restarts, best_minus_closed_form=r["best"] - float(v),
                        frac_within_1e9=float(np.mean(vals <= float(v) + 1e-9)),
                        median_rel_excess=float(np.median(vals) / float(v) - 1)))
    return out


def bench_penalty_bias(mus, L=3):
    W = np.eye(2)
    exact = L / 2 * 2.0
    out = []
    for mu in mus:
        r = min_norm_factorisation(W, L, restarts=4, rng=np.random.default_rng(0), mu_max=mu)
        out.append(dict(mu=mu, penalised_minus_exact=r["penalised"] - exact, restored_minus_exact=r["restored"] - exact))
    return out


def bench_gap_vs_depth(depths, k=3):
    Y = np.eye(k)
    return [dict(L=L, P=schatten(Y, 2 / L), D=nuclear(Y), gap=schatten(Y, 2 / L) - nuclear(Y)) for L in depths]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    q = a.quick
    res = dict(
        machine=dict(python=platform.python_version(), cpu_count=os.cpu_count(),
                     threads=os.environ.get("OMP_NUM_THREADS")),
        conic=bench_conic([2, 4] if q else [2, 4, 8, 16], 2 if q else 5),
        weight_decay=bench_weight_decay([2, 3] if q else [2, 3, 4, 5], 10 if q else 50),
        penalty_bias=bench_penalty_bias([1e2, 1e3, 1e4] if q else [1e2, 1e3, 1e4, 1e5, 1e6]),
        gap_vs_depth=bench_gap_vs_depth([2, 3, 4, 5, 8]),
    )
    os.makedirs(os.path.join(os.path.dirname(__file__), "results"), exist_ok=True)
    path = os.path.join(os.path.dirname(__file__), "results", "duality.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
